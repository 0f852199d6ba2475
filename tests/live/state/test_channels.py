"""Channel events in the reducer: failed transfers, DTMF the caller did not press, hold only when talking."""

from __future__ import annotations

from callcenter.live.state import LiveState
from tests.live.events import T0, QueueCall, ev

IFACE = "Local/1001@agents/n"
CALLER = "PJSIP/carrier1-00000001"
AGENT_LEG = "Local/1001@agents-00000001;1"


def talking(state: LiveState) -> None:
    call = QueueCall("c1", CALLER)
    state.apply(call.queue_event("QueueCallerJoin", Position="1"), T0)
    state.apply(
        call.agent_event("AgentConnect", IFACE, "Agent 1001", DestChannel=AGENT_LEG, HoldTime="2"), T0 + 2
    )


def test_a_failed_blind_transfer_changes_nothing() -> None:
    state = LiveState("pbx1")
    talking(state)

    state.apply(ev("BlindTransfer", Result="Fail", TransfererChannel=AGENT_LEG, Extension="2000"), T0 + 5)

    call = state.calls["c1"]
    assert (call.state, call.transferred_to) == ("talking", None)


def test_a_failed_attended_transfer_changes_nothing() -> None:
    state = LiveState("pbx1")
    talking(state)

    state.apply(
        ev("AttendedTransfer", Result="Not Permitted", OrigTransfererChannel=AGENT_LEG, DestApp="Dial"),
        T0 + 5,
    )

    assert state.calls["c1"].state == "talking"


def test_a_digit_sent_to_the_caller_is_no_exit_key() -> None:
    state = LiveState("pbx1")
    state.apply(ev("QueueCallerJoin", Queue="support", Uniqueid="c1", Channel=CALLER, Position="1"), T0)

    state.apply(ev("DTMFEnd", Channel=CALLER, Digit="5", Direction="Sent"), T0 + 1)
    state.apply(ev("QueueCallerLeave", Queue="support", Uniqueid="c1"), T0 + 2)
    state.apply(ev("Newexten", Channel=CALLER, Application="Playback", Context="ivr"), T0 + 2)

    call = state.calls["c1"]
    assert (call.exit_digit, call.outcome) == (None, "waiting")


def test_hold_while_waiting_is_ignored_and_unhold_only_ends_a_hold() -> None:
    state = LiveState("pbx1")
    state.apply(ev("QueueCallerJoin", Queue="support", Uniqueid="c1", Channel=CALLER, Position="1"), T0)
    state.apply(ev("Hold", Channel=CALLER), T0 + 1)
    assert state.calls["c1"].state == "waiting"

    talking_state = LiveState("pbx1")
    talking(talking_state)
    talking_state.apply(ev("Unhold", Channel=AGENT_LEG), T0 + 3)
    assert talking_state.calls["c1"].state == "talking"


def test_a_hangup_of_a_channel_never_seen_only_counts_as_an_event() -> None:
    state = LiveState("pbx1")
    state.apply(ev("Newchannel", Channel="PJSIP/1001-00000001", Uniqueid="u1"), T0)
    state.take_delta(T0)

    state.apply(ev("Hangup", Channel="PJSIP/1002-00000002", Uniqueid="u2"), T0 + 1)

    assert LiveState.delta_is_empty(state.take_delta(T0 + 1))
    assert state.events == 2
