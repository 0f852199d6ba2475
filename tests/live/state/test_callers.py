"""Queue callers in the reducer: events for calls it never saw, hangups without AgentComplete, outcomes
counted once."""

from __future__ import annotations

from callcenter.live.state import LiveState
from tests.live.events import T0, QueueCall, ev

IFACE = "Local/1001@agents/n"
CALLER = "PJSIP/carrier1-00000001"


def caller(callid: str) -> QueueCall:
    return QueueCall(callid, f"{CALLER}-{callid}")


def join(state: LiveState, callid: str = "c1", position: str = "1", now: float = T0) -> None:
    state.apply(caller(callid).queue_event("QueueCallerJoin", CallerIDNum="5550001", Position=position), now)


def connect(state: LiveState, callid: str = "c1", now: float = T0 + 5) -> None:
    state.apply(
        caller(callid).agent_event(
            "AgentConnect", IFACE, "Agent 1001", DestChannel="Local/1001@agents-00000001;1", HoldTime="5"
        ),
        now,
    )


def test_events_for_a_call_never_seen_create_no_call() -> None:
    state = LiveState("pbx1")
    for event in (
        "QueueCallerLeave",
        "QueueCallerAbandon",
        "AgentConnect",
        "AgentComplete",
        "AgentRingNoAnswer",
    ):
        state.apply(ev(event, Queue="support", Uniqueid="ghost", Interface=IFACE, HoldTime="3"), T0)

    assert state.calls == {}
    assert list(state.finished) == []


def test_caller_hangup_while_talking_ends_the_call_by_the_caller_with_its_talk_time() -> None:
    state = LiveState("pbx1")
    join(state)
    connect(state, now=T0 + 5)

    state.apply(ev("Hangup", Channel=f"{CALLER}-c1", Uniqueid="c1"), T0 + 65)

    call = state.finished[-1]
    assert (call.outcome, call.ended_by, call.talk_s, call.final) == ("answered", "caller", 60.0, True)
    assert state.agents[IFACE].current_call is None
    assert state.agents[IFACE].state == "idle"


def test_abandon_counts_once_and_frees_the_ringing_agent() -> None:
    state = LiveState("pbx1")
    join(state)
    state.apply(ev("AgentCalled", Queue="support", Uniqueid="c1", Interface=IFACE, MemberName="A"), T0 + 1)
    assert state.agents[IFACE].state == "ringing"

    state.apply(ev("QueueCallerAbandon", Queue="support", Uniqueid="c1", HoldTime="7"), T0 + 7)
    state.apply(ev("Hangup", Channel=f"{CALLER}-c1", Uniqueid="c1"), T0 + 7)

    today = state.queues["support"].today
    assert (today["offered"], today["abandoned"]) == (1, 1)
    assert state.agents[IFACE].state == "idle"
    assert state.finished[-1].wait_s == 7.0


def test_a_second_join_with_the_same_uniqueid_finalizes_the_first_visit() -> None:
    state = LiveState("pbx1")
    join(state)
    state.apply(ev("QueueCallerLeave", Queue="support", Uniqueid="c1"), T0 + 2)

    join(state, now=T0 + 3)  # the same channel entered the queue again

    assert [call.callid for call in state.finished] == ["c1"]
    assert state.finished[0].outcome == "abandoned"
    assert state.calls["c1"].state == "waiting"
    assert state.queues["support"].today["offered"] == 1


def test_answer_outside_the_service_level_is_not_within_it() -> None:
    state = LiveState("pbx1", queue_settings={"support": {"service_level": 3, "wrapuptime": 0}})
    join(state)
    connect(state, now=T0 + 5)  # HoldTime 5 > 3

    today = state.queues["support"].today
    assert (today["answered"], today["answered_within_sl"]) == (1, 0)
    assert state.snapshot(T0 + 5)["queues"]["support"]["service_level_pct"] == 0.0


def test_an_idle_state_has_an_empty_delta_after_the_first() -> None:
    state = LiveState("pbx1")
    join(state)
    assert not LiveState.delta_is_empty(state.take_delta(T0))

    state.tick(T0 + 1)

    assert LiveState.delta_is_empty(state.take_delta(T0 + 1))
