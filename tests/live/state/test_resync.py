"""The resync's corrections: what it drops, rebuilds and counts, and what it leaves alone."""

from __future__ import annotations

from callcenter.ami.protocol import Message
from callcenter.live.state import LiveState, ResyncCorrections
from tests.live.conftest import list_events
from tests.live.events import T0, ev, member_event
from tests.live.state.support_call import CALL, waiting

WAITING = "1795355864.21"  # s05: the caller waiting in support when the lists were read


def lists(s05: list[Message]) -> tuple[list[Message], list[Message]]:
    return list_events(s05, "s05_status_snapshot-32"), list_events(s05, "s05_status_snapshot-37")


def test_corrections_add_up_by_kind() -> None:
    corrections = ResyncCorrections(queue=1, member=2, call=3, channel=4)

    assert corrections.total == 10
    assert corrections.by_kind() == {"queue": 1, "member": 2, "call": 3, "channel": 4}


def test_a_waiting_caller_gone_from_the_lists_is_dropped_without_an_outcome(s05: list[Message]) -> None:
    status, channels = lists(s05)
    state = LiveState("pbx1")
    state.resync(status, channels, T0)
    state.apply(
        ev("QueueCallerJoin", Queue="support", Uniqueid="gone", Channel="PJSIP/x-1", Position="9"), T0
    )
    today = dict(state.queues["support"].today)
    state.take_delta(T0)

    corrections = state.resync(status, channels, T0 + 1)

    assert corrections.call == 1
    assert "gone" not in state.calls
    assert "gone" not in [call.callid for call in state.finished]
    assert state.queues["support"].today == today  # what became of it is queue_log's to say
    assert state.take_delta(T0 + 1)["calls"]["gone"] is None


def test_a_strategy_changed_by_a_reload_is_one_queue_correction(s05: list[Message]) -> None:
    status, channels = lists(s05)
    state = LiveState("pbx1")
    state.resync(status, channels, T0)
    strategy = state.queues["support"].strategy
    state.queues["support"].strategy = "linear" if strategy != "linear" else "rrmemory"

    corrections = state.resync(status, channels, T0 + 1)

    assert corrections.by_kind() == {"queue": 1, "member": 0, "call": 0, "channel": 0}
    assert state.queues["support"].strategy == strategy


def test_a_caller_listed_as_waiting_keeps_its_join_time_from_the_wait(s05: list[Message]) -> None:
    status, channels = lists(s05)
    state = LiveState("pbx1")

    state.resync(status, channels, T0)

    call = state.calls[WAITING]
    wait = next(int(m.get("Wait") or 0) for m in status if m.get("Uniqueid") == WAITING)
    assert call.joined_at == T0 - wait
    assert WAITING in state.queues[call.queue].waiting


def test_a_resync_marks_every_queue_for_the_next_delta(s05: list[Message]) -> None:
    status, channels = lists(s05)
    state = LiveState("pbx1")
    state.resync(status, channels, T0)
    state.take_delta(T0)

    state.resync(status, channels, T0 + 1)

    assert set(state.take_delta(T0 + 1)["queues"]) == set(state.queues)


def test_resync_removes_members_and_queues_that_are_gone(s05: list[Message]) -> None:
    state = LiveState("pbx1")
    state.apply(member_event("QueueMemberAdded", "oldqueue", "PJSIP/9999", name="Gone"), T0)
    state.resync(list_events(s05, "s05_status_snapshot-32"), [], T0)
    assert "PJSIP/9999" not in state.agents
    assert "oldqueue" not in state.queues


def test_resync_reports_what_it_corrected_by_kind(s05: list[Message]) -> None:
    status, channels = lists(s05)
    state = LiveState("pbx1")
    state.resync(status, channels, T0)
    assert state.resync(status, channels, T0 + 1).total == 0  # nothing drifted: nothing to count

    del state.queues["xfer"]  # a queue the events never told us about
    del state.agents["Local/1001@agents/n"].queues["support"]  # a membership lost
    state.agents["Local/1002@agents/n"].queues["support"].paused = True  # a pause Asterisk does not have
    state.calls.pop(WAITING)  # a waiting caller missed
    lost_channel = next(iter(state.channels))
    del state.channels[lost_channel]  # one channel missed...
    state.channels["PJSIP/ghost-00000001"] = state.channels[
        next(iter(state.channels))
    ]  # ...one never hung up

    corrections = state.resync(status, channels, T0 + 2)

    assert corrections.by_kind() == {"queue": 1, "member": 2, "call": 1, "channel": 2}
    assert "PJSIP/ghost-00000001" not in state.channels
    assert lost_channel in state.channels
    assert "support" in state.agents["Local/1001@agents/n"].queues
    assert WAITING in state.calls


def _agent_1004(event: str, paused: str = "0", reason: str = "") -> Message:
    return member_event(event, "support", "PJSIP/1004", name="Agent 1004", paused=paused, reason=reason)


def test_a_pause_that_lands_while_the_lists_are_read_survives_the_older_list() -> None:
    state = LiveState("pbx1")
    older_list = [ev("QueueParams", Queue="support", Strategy="rrmemory"), _agent_1004("QueueMember")]
    state.resync(older_list, [], T0)
    pause = _agent_1004("QueueMemberPause", "1", "lunch")
    state.apply(pause, T0 + 1)
    state.resync(older_list, [], T0 + 1, during=[pause])
    membership = state.agents["PJSIP/1004"].queues["support"]
    assert (membership.paused, membership.pause_reason) == (True, "lunch")


def test_a_caller_who_left_while_the_lists_are_read_is_not_brought_back() -> None:
    state = LiveState("pbx1")
    waiting(state)
    entry = CALL.queue_event("QueueEntry", Position="1", Wait="3")
    channel = CALL.event("CoreShowChannel", Application="Queue")
    gone = [CALL.queue_event("QueueCallerAbandon", Position="1"), CALL.event("Hangup")]
    state.apply_all(gone, T0 + 4)
    state.resync([ev("QueueParams", Queue="support"), entry], [channel], T0 + 4, during=gone)
    assert CALL.callid not in state.calls
    assert CALL.callid not in state.channels


def test_a_caller_who_joined_while_the_lists_are_read_is_kept() -> None:
    state = LiveState("pbx1")
    state.resync([ev("QueueParams", Queue="support")], [], T0)
    waiting(state, T0 + 1)
    joined = [CALL.event("Newchannel"), CALL.queue_event("QueueCallerJoin", Position="1")]
    state.resync([ev("QueueParams", Queue="support")], [], T0 + 1, during=joined)
    assert state.calls[CALL.callid].outcome == "waiting"
    assert CALL.callid in state.channels
