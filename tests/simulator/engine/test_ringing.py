"""Who the engine rings and when: ringinuse, paused and unregistered members, ring timeouts and retries."""

from __future__ import annotations

from tests.simulator.engine_harness import harness, members

SHARED = members("1001")
AGENT = "Local/1001@agents/n"


def test_ringinuse_no_skips_a_member_already_on_a_call_from_another_queue() -> None:
    h = harness("[a](t)\nringinuse = no\n" + SHARED + "[b](t)\nringinuse = no\n" + SHARED)
    h.call("a", talk=60)
    h.call("b", talk=60)
    assert [event["Queue"] for event in h.named("AgentCalled")] == ["a"]
    assert len(h.engine.queues["b"].entries) == 1


def test_ringinuse_yes_rings_a_member_already_on_a_call() -> None:
    h = harness("[a](t)\nringinuse = no\n" + SHARED + "[b](t)\nringinuse = yes\n" + SHARED)
    h.call("a", talk=60)
    h.call("b", talk=60)
    assert [event["Queue"] for event in h.named("AgentCalled")] == ["a", "b"]
    assert h.engine.device_use == {"Local/1001@agents": 2}


def test_a_paused_member_is_not_rung_until_unpaused() -> None:
    h = harness("[q](t)\n" + SHARED)
    h.engine.pause(AGENT, "q", True, "lunch")
    h.call("q")
    h.advance(30)
    assert h.called() == []
    h.engine.pause(AGENT, "q", False, "")
    assert h.called() == ["Agent 1001"]
    assert h.verbs()[-1] == "CONNECT"


def test_an_unregistered_phone_is_not_rung_until_it_registers() -> None:
    h = harness("[q](t)\nmember => PJSIP/1001,0,Agent 1001\n")
    h.engine.set_device_available("PJSIP/1001", False)
    h.call("q")
    h.advance(30)
    assert h.called() == []
    h.engine.set_device_available("PJSIP/1001", True)
    assert h.called() == ["Agent 1001"]


def test_timeout_zero_rings_until_the_member_answers() -> None:
    h = harness("[q](t)\ntimeout = 0\n" + SHARED)
    h.engine.answer_delay = lambda member: 100.0
    h.call("q")
    h.advance(99)
    assert "RINGNOANSWER" not in h.verbs()
    h.advance(1)
    assert h.called() == ["Agent 1001"]
    assert h.verbs()[-1] == "CONNECT"


def test_retry_zero_rings_again_right_after_a_ring_timeout() -> None:
    h = harness("[q](t)\ntimeout = 5\nretry = 0\n" + SHARED)
    h.engine.answer_delay = lambda member: None
    h.call("q")
    h.advance(5)
    assert h.verbs().count("RINGNOANSWER") == 1
    assert len(h.named("AgentCalled")) == 2


def test_ringall_logs_a_ringnoanswer_for_every_member_nobody_answering() -> None:
    h = harness("[q](t)\nstrategy = ringall\ntimeout = 7\n" + members("1001", "1002"))
    h.engine.answer_delay = lambda member: None
    h.call("q")
    h.advance(7)
    noanswer = [line.split("|") for line in h.lines if "|RINGNOANSWER|" in line]
    assert sorted((fields[3], fields[5]) for fields in noanswer) == [
        ("Agent 1001", "7000"),
        ("Agent 1002", "7000"),
    ]
    assert h.engine.device_use == {}


def test_a_local_member_leg_inherits_the_callers_talk_time() -> None:
    h = harness("[q](t)\n" + SHARED)
    h.engine.answer_delay = lambda member: None
    h.call("q", talk=42)
    (attempt,) = h.engine.queues["q"].entries[0].attempts
    assert attempt.one.variables["AGENT_TALK"] == attempt.two.variables["AGENT_TALK"] == "42"
