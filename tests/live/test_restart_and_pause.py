"""The live reducer across a bridge restart (a call is counted once) and with pause per queue (a member
paused in one queue is paused on that queue's tile only)."""

from __future__ import annotations

import json
from pathlib import Path

from callcenter.ami.protocol import Message
from callcenter.live.state import LiveState
from tests.harness.recordings import transcript
from tests.live.conftest import list_events
from tests.live.events import T0, ev, member_event

TALKING = ("1795355863.13", "1795355863.17")  # s05: bridged to Agent 1002 and Agent 1001
IVAN = "Local/1001@agents/n"


def _s05_before_the_status_queries(s05: list[Message]) -> LiveState:
    """The live state that followed s05 up to its QueueStatus: two calls answered and talking."""
    state = LiveState("pbx1")
    for message in s05:
        if message.response is not None and message.action_id == "s05_status_snapshot-32":
            return state
        state.apply(message, T0)
    raise AssertionError("the recorded QueueStatus is missing")


def _resync_from_s05(state: LiveState, s05: list[Message], now: float) -> None:
    state.resync(list_events(s05, "s05_status_snapshot-32"), list_events(s05, "s05_status_snapshot-37"), now)


def _answered(state: LiveState) -> tuple[int, int, int]:
    agents = state.agents
    return (
        state.queues["support"].today["answered"],
        agents["Local/1001@agents/n"].answered_today,
        agents["Local/1002@agents/n"].answered_today,
    )


def test_a_restart_during_calls_counts_each_call_once(s05: list[Message]) -> None:
    before = _s05_before_the_status_queries(s05)
    assert _answered(before) == (2, 1, 1)
    stored = json.loads(json.dumps(before.snapshot(T0 + 5)))

    after = LiveState("pbx1")
    after.restore(stored, T0 + 60)
    _resync_from_s05(after, s05, T0 + 60)

    assert {cid: after.calls[cid].state for cid in TALKING} == dict.fromkeys(TALKING, "talking")
    assert _answered(after) == (2, 1, 1)
    assert after.queues["support"].today["offered"] == 2
    assert after.snapshot(T0 + 60)["queues"]["support"]["today"]["answered"] == 2


def test_calls_answered_while_the_bridge_was_away_are_counted_once(s05: list[Message]) -> None:
    state = LiveState("pbx1")
    _resync_from_s05(state, s05, T0 + 60)
    assert _answered(state) == (2, 1, 1)
    _resync_from_s05(state, s05, T0 + 70)  # a reconnect: the same calls are still talking
    assert _answered(state) == (2, 1, 1)


def test_a_call_that_ended_while_the_bridge_was_down_is_not_counted(
    asterisk_fixtures: Path, s05: list[Message]
) -> None:
    before = LiveState("pbx1")
    for message in transcript(asterisk_fixtures, "s02_abandon"):
        before.apply(message, T0)
        if message.event == "QueueCallerJoin":
            break  # the sales caller is waiting when the bridge stops
    stored = json.loads(json.dumps(before.snapshot(T0 + 1)))

    after = LiveState("pbx1")
    after.restore(stored, T0 + 60)
    _resync_from_s05(after, s05, T0 + 60)  # meanwhile the caller gave up: queue_log has it, not us

    assert "1795355843.5" not in after.calls
    assert after.queues["sales"].today["offered"] == 0
    assert after.queues["sales"].today["abandoned"] == 0


def _member(state: LiveState, queue: str, paused: str = "0", reason: str = "") -> None:
    state.apply(
        member_event("QueueMemberStatus", queue, IVAN, membership="static", paused=paused, reason=reason), T0
    )


def _pause(state: LiveState, queue: str, paused: bool, reason: str = "") -> None:
    """QueueMemberPause as recorded in s04 (one event per queue, also for a pause in all queues)."""
    state.apply(
        member_event(
            "QueueMemberPause", queue, IVAN, membership="static", paused="1" if paused else "0", reason=reason
        ),
        T0 + 1,
    )


def _tiles(state: LiveState) -> dict[str, tuple[int, int]]:
    """Queue name -> (idle, paused) as the queue tiles count them."""
    queues = state.snapshot(T0 + 2)["queues"]
    return {name: (queue["agents"]["idle"], queue["agents"]["paused"]) for name, queue in queues.items()}


def test_paused_in_sales_only_is_paused_on_the_sales_tile_and_available_in_support() -> None:
    state = LiveState("pbx1")
    _member(state, "support")
    _member(state, "sales")
    state.take_delta(T0)
    _pause(state, "sales", True, "lunch")

    assert _tiles(state) == {"sales": (0, 1), "support": (1, 0)}
    agent = state.snapshot(T0 + 2)["agents"][IVAN]
    assert (agent["state"], agent["paused"], agent["pause_reason"]) == ("idle", True, None)
    assert agent["queues"]["sales"] == {
        "penalty": 0,
        "paused": True,
        "pause_reason": "lunch",
        "paused_since": T0 + 1,  # no LastPause in the event: when the bridge saw it
        "membership": "static",
    }
    assert agent["queues"]["support"]["paused"] is False
    assert set(state.take_delta(T0 + 2)["queues"]) == {"sales", "support"}


def test_paused_in_every_queue_is_paused_and_unpausing_one_frees_it_there() -> None:
    state = LiveState("pbx1")
    _member(state, "support")
    _member(state, "sales")
    _pause(state, "support", True, "training")
    _pause(state, "sales", True, "training")  # a pause "in all queues" is one event per queue
    agent = state.agents[IVAN]
    assert (agent.state, agent.pause_reason) == ("paused", "training")
    assert _tiles(state) == {"sales": (0, 1), "support": (0, 1)}

    _pause(state, "support", False)
    assert state.agents[IVAN].state == "idle"
    assert _tiles(state) == {"sales": (0, 1), "support": (1, 0)}


def test_a_member_paused_in_this_queue_stays_counted_in_call_while_talking() -> None:
    state = LiveState("pbx1")
    _member(state, "support")
    _member(state, "sales", paused="1", reason="lunch")
    state.agents[IVAN].current_call = "1795355900.1"  # as AgentConnect leaves it
    state.apply(ev("QueueMemberStatus", Queue="support", Interface=IVAN, Status="2"), T0 + 1)
    queues = state.snapshot(T0 + 2)["queues"]
    assert (queues["sales"]["agents"]["in call"], queues["sales"]["agents"]["paused"]) == (1, 0)
    assert queues["support"]["agents"]["in call"] == 1
