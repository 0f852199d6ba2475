"""The outcomes Asterisk reports only through QUEUESTATUS or DTMF: timeout, leave-empty, join-empty and
exit by key; and the places of the callers behind one who leaves."""

from __future__ import annotations

from callcenter.live.state import LiveState
from tests.live.events import T0, QueueCall, ev
from tests.live.state.support_call import CALL, waiting


def test_timeout_is_reported_as_abandon_first_then_relabelled_by_queuestatus() -> None:
    state = LiveState("pbx1")
    waiting(state)
    # app_queue's record_abandoned() runs on timeout too, then the caller leaves, then QUEUESTATUS is set.
    state.apply(
        CALL.queue_event("QueueCallerAbandon", Position="1", OriginalPosition="1", HoldTime="30"),
        T0 + 30,
    )
    state.apply(CALL.queue_event("QueueCallerLeave", Position="1", Count="0"), T0 + 30)
    assert state.queues["support"].today["abandoned"] == 1
    state.apply(CALL.variable("QUEUESTATUS", "TIMEOUT"), T0 + 30)
    (call,) = state.all_calls()
    assert (call.outcome, call.wait_s, call.state, call.final) == ("timeout", 30.0, "ended", True)
    assert state.queues["support"].today["abandoned"] == 0
    assert state.queues["support"].today["timeout"] == 1
    assert state.queues["support"].waiting == {}


def test_leave_when_empty_is_exitempty() -> None:
    state = LiveState("pbx1")
    waiting(state)
    state.apply(CALL.queue_event("QueueCallerAbandon", HoldTime="4"), T0 + 4)
    state.apply(CALL.queue_event("QueueCallerLeave"), T0 + 4)
    state.apply(CALL.variable("QUEUESTATUS", "LEAVEEMPTY"), T0 + 4)
    (call,) = state.all_calls()
    assert call.outcome == "exitempty"
    assert state.queues["support"].today["exitempty"] == 1


def test_join_empty_caller_never_joins_but_is_counted_in_the_queue_it_tried() -> None:
    state = LiveState("pbx1")
    caller = QueueCall("1795355901.1", "Local/support@queue-entry-00000011;2")
    state.apply(caller.event("Newexten", Application="Queue", AppData="support,,,,120"), T0)
    state.apply(caller.event("VarSet", CallerIDNum="5550101", Variable="QUEUESTATUS", Value="JOINEMPTY"), T0)
    (call,) = state.all_calls()
    assert (call.queue, call.caller, call.outcome, call.wait_s) == ("support", "5550101", "joinempty", 0.0)
    assert state.queues["support"].today["joinempty"] == 1
    assert state.queues["support"].today["offered"] == 1


def test_digit_then_leaving_for_the_exit_context_is_exitkey() -> None:
    state = LiveState("pbx1")
    waiting(state)
    state.apply(CALL.event("DTMFEnd", Digit="1", DurationMs="120", Direction="Received"), T0 + 5)
    state.apply(CALL.queue_event("QueueCallerLeave"), T0 + 5)
    state.apply(CALL.variable("QUEUEWAIT", "5"), T0 + 5)
    state.apply(CALL.event("Newexten", Context="support-exit", Application="Playback", AppData="bye"), T0 + 5)
    (call,) = state.all_calls()
    assert (call.outcome, call.wait_s) == ("exitkey", 5.0)
    assert state.queues["support"].today["exitkey"] == 1


def test_callers_behind_one_who_leaves_move_up_a_place() -> None:
    state = LiveState("pbx1")
    for position, callid in enumerate(("1795355900.1", "1795355900.2", "1795355900.3"), start=1):
        channel = f"Local/support@queue-entry-0000000{position};2"
        state.apply(
            ev("QueueCallerJoin", Channel=channel, Uniqueid=callid, Queue="support", Position=str(position)),
            T0,
        )
    state.apply(
        ev("QueueCallerAbandon", Uniqueid="1795355900.2", Queue="support", HoldTime="5", Position="2"), T0 + 5
    )
    state.apply(ev("QueueCallerLeave", Uniqueid="1795355900.2", Queue="support", Position="2"), T0 + 5)
    assert (state.calls["1795355900.1"].position, state.calls["1795355900.3"].position) == (1, 2)
