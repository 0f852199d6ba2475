"""Joining and leaving a queue: joinempty, leavewhenempty, music on hold, positions and abandon counters."""

from __future__ import annotations

from tests.simulator.engine_harness import Harness, harness, members

AGENT = "Local/1001@agents/n"


def _queue_status(h: Harness) -> str:
    return [event["AppData"] for event in h.named("Newexten") if event["Application"] == "NoOp"][-1]


def test_joinempty_strict_refuses_when_the_only_phone_is_unregistered() -> None:
    h = harness("[q](t)\njoinempty = strict\nmember => PJSIP/1001,0,Agent 1001\n")
    h.engine.set_device_available("PJSIP/1001", False)
    h.call("q")
    assert h.named("QueueCallerJoin") == []
    assert _queue_status(h) == "QUEUESTATUS=JOINEMPTY"


def test_joinempty_paused_lets_a_caller_join_while_the_phone_is_unregistered() -> None:
    h = harness("[q](t)\njoinempty = paused\nmember => PJSIP/1001,0,Agent 1001\n")
    h.engine.set_device_available("PJSIP/1001", False)
    h.call("q")
    assert len(h.named("QueueCallerJoin")) == 1
    assert h.verbs() == ["ENTERQUEUE"]


def test_joinempty_yes_lets_a_caller_join_a_queue_whose_members_are_all_paused() -> None:
    h = harness("[q](t)\njoinempty = yes\n" + members("1001"))
    h.engine.pause(AGENT, "q", True, "")
    h.call("q")
    assert h.verbs() == ["PAUSE", "ENTERQUEUE"]


def test_leavewhenempty_unavailable_exits_when_the_last_phone_unregisters() -> None:
    h = harness("[q](t)\nleavewhenempty = unavailable\nmember => PJSIP/1001,0,Agent 1001\n")
    h.engine.answer_delay = lambda member: None
    h.engine.pause("PJSIP/1001", "q", True, "")
    h.call("q")
    h.advance(3)
    assert "EXITEMPTY" not in h.verbs()
    h.engine.set_device_available("PJSIP/1001", False)
    h.advance(1)
    assert h.verbs()[-1] == "EXITEMPTY"
    assert h.engine.queues["q"].entries == []


def test_the_queues_music_class_is_played_while_waiting() -> None:
    h = harness("[q](t)\nmusicclass = jazz\n" + members("1001"))
    h.engine.pause(AGENT, "q", True, "")
    h.call("q")
    assert [event["Class"] for event in h.named("MusicOnHoldStart")] == ["jazz"]


def test_callers_join_at_the_end_and_move_up_when_one_ahead_leaves() -> None:
    h = harness("[q](t)\n" + members("1001"))
    h.engine.pause(AGENT, "q", True, "")
    for _ in range(3):
        h.call("q")
    joins = h.named("QueueCallerJoin")
    assert [(event["Position"], event["Count"]) for event in joins] == [("1", "1"), ("2", "2"), ("3", "3")]
    first, second, third = h.engine.queues["q"].entries
    h.engine.caller_hangup(first)
    h.engine.caller_hangup(third)
    leaves = h.named("QueueCallerLeave")
    assert [(event["Position"], event["Count"]) for event in leaves] == [("1", "2"), ("2", "1")]
    assert h.engine.queues["q"].entries == [second]


def test_an_abandon_within_the_service_level_counts_in_both_counters() -> None:
    h = harness("[q](t)\nservicelevel = 20\n" + members("1001"))
    h.engine.pause(AGENT, "q", True, "")
    h.call("q")
    h.call("q")
    quick, slow = h.engine.queues["q"].entries
    h.advance(10)
    h.engine.caller_hangup(quick)
    h.advance(20)
    h.engine.caller_hangup(slow)
    stats = h.engine.queues["q"].stats
    assert (stats.abandoned, stats.abandoned_in_sl) == (2, 1)
    assert [line.split("|")[4:] for line in h.lines if "|ABANDON|" in line] == [
        ["ABANDON", "1", "1", "10"],
        ["ABANDON", "1", "2", "30"],
    ]
