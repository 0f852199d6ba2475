"""The end of an answered queue call: who ended it, the queue's and member's counters, shared_lastcall."""

from __future__ import annotations

import pytest

from callcenter.simulator.clock import ManualClock
from callcenter.simulator.config import parse_queues_conf
from callcenter.simulator.engine import Engine, OriginateRequest, QueueEntry, QueueMember
from tests.simulator.engine_harness import harness, members


@pytest.mark.parametrize(
    ("talk", "patience", "verb", "reason"),
    [(40, 3600, "COMPLETEAGENT", "agent"), (60, 25, "COMPLETECALLER", "caller")],
    ids=["the-agent-after-the-talk-time", "the-caller-hanging-up-first"],
)
def test_whoever_ends_the_call_first_is_logged_and_reported(
    talk: int, patience: int, verb: str, reason: str
) -> None:
    h = harness("[q](t)\n" + members("1001"))
    h.call("q", talk=talk, patience=patience)
    ended = min(talk, patience)
    h.advance(ended)
    assert h.lines[-1].split("|")[3:] == ["Agent 1001", verb, "0", str(ended), "1"]
    assert h.named("AgentComplete")[-1]["Reason"] == reason
    assert h.engine.channels == {}


def test_completion_listeners_hear_the_member_and_the_reason() -> None:
    h = harness("[q](t)\n" + members("1001"))
    heard: list[tuple[str, str]] = []

    def listener(entry: QueueEntry, member: QueueMember, reason: str) -> None:
        heard.append((member.name, reason))

    h.engine.completion_listeners.append(listener)
    h.call("q", talk=10)
    h.advance(10)
    assert heard == [("Agent 1001", "agent")]
    assert h.engine.processed_calls == 1


def test_completed_calls_within_the_service_level_are_counted_apart() -> None:
    h = harness("[q](t)\nservicelevel = 10\n" + members("1001", "1002"))
    for agent in ("1001", "1002"):
        h.engine.pause(f"Local/{agent}@agents/n", "q", True, "")
    h.call("q", talk=30)
    h.advance(5)
    h.call("q", talk=30)
    h.advance(10)
    # The first caller has waited 15 s, the second 10 s (within the service level).
    for agent in ("1001", "1002"):
        h.engine.pause(f"Local/{agent}@agents/n", "q", False, "")
    h.advance(30)
    stats = h.engine.queues["q"].stats
    assert (stats.completed, stats.completed_in_sl) == (2, 1)
    assert stats.talktime == 30


def _shared_member_engine(shared_lastcall: str) -> Engine:
    conf = (
        f"[general]\nshared_lastcall = {shared_lastcall}\n\n"
        "[a]\nmember => Local/1001@agents/n,0,Agent 1001\n\n"
        "[b]\nmember => Local/1001@agents/n,0,Agent 1001\n"
    )
    engine = Engine(ManualClock(1_795_355_835.0), parse_queues_conf(conf))
    engine.originate(
        OriginateRequest(
            channel="Local/a@queue-entry",
            application="Wait",
            data="3600",
            variables=[("__AGENT_TALK", "10")],
        )
    )
    assert isinstance(engine.clock, ManualClock)
    engine.clock.advance(10)
    return engine


def test_shared_lastcall_counts_the_call_in_every_queue_of_the_member() -> None:
    engine = _shared_member_engine("yes")
    assert [engine.queues[name].members[0].calls for name in ("a", "b")] == [1, 1]


def test_without_shared_lastcall_only_the_queue_that_took_the_call_counts_it() -> None:
    engine = _shared_member_engine("no")
    assert [engine.queues[name].members[0].calls for name in ("a", "b")] == [1, 0]
