"""The resync's corrections: what it drops, rebuilds and counts, and what it leaves alone."""

from __future__ import annotations

from callcenter.ami.protocol import Message
from callcenter.live.state import LiveState, ResyncCorrections
from tests.live.conftest import list_events

T0 = 1795355838.0
WAITING = "1795355864.21"  # s05: the caller waiting in support when the lists were read


def ev(event: str, **headers: str) -> Message:
    return Message([("Event", event), *headers.items()])


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
