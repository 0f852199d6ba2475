"""The Hangup action on each kind of channel: a ringing member, a connected agent, a phone, nothing."""

from __future__ import annotations

from callcenter.simulator.engine import OriginateRequest
from tests.simulator.engine_harness import harness, members


def test_hanging_up_a_ringing_member_rejects_the_call_and_the_caller_keeps_waiting() -> None:
    h = harness("[q](t)\ntimeout = 30\nretry = 2\n" + members("1001"))
    h.engine.answer_delay = lambda member: None
    h.call("q")
    ringing = h.named("AgentCalled")[0]["DestChannel"]
    assert h.engine.hangup_channel(ringing)
    assert [event["DialStatus"] for event in h.named("DialEnd")][-1] == "BUSY"
    assert ringing not in h.engine.channels
    assert len(h.engine.queues["q"].entries) == 1
    assert h.verbs() == ["ENTERQUEUE"]


def test_hanging_up_the_connected_agent_leg_is_completeagent() -> None:
    h = harness("[q](t)\n" + members("1001"))
    h.call("q", talk=600)
    h.advance(12)
    agent_leg = h.named("AgentConnect")[0]["DestChannel"]
    assert h.engine.hangup_channel(agent_leg)
    assert h.lines[-1].split("|")[4:6] == ["COMPLETEAGENT", "0"]
    assert h.engine.channels == {}


def test_hanging_up_a_supervisor_phone_ends_its_local_pair() -> None:
    h = harness("[q](t)\n" + members("1001"))
    h.engine.originate(OriginateRequest(channel="Local/900@supervisor", application="Wait", data="60"))
    (phone,) = [name for name in h.engine.channels if name.endswith(";1")]
    assert h.engine.hangup_channel(phone)
    assert h.engine.channels == {} and h.engine.local_calls == {}


def test_hanging_up_an_unknown_channel_does_nothing() -> None:
    h = harness("[q](t)\n" + members("1001"))
    assert not h.engine.hangup_channel("PJSIP/nosuch-00000001")
    assert h.events == []
