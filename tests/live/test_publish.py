"""The bridge's publisher: deltas waiting in the outbox merged into one, written and published in one
Redis transaction, and a board that follows live.all still equal to the live state after a burst."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from pathlib import Path
from typing import Any, cast

import pytest
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings

from callcenter.live.bridge import Routing, ServerBridge, ServerConfig
from callcenter.live.messages import Delta
from callcenter.live.publish import merge_deltas, wire_for
from callcenter.live.state import LiveState
from callcenter.live.store import MemoryStore, RedisStore
from tests.harness.recordings import transcript
from tests.live.conftest import list_events

T0 = 1795355863.0


def _agent(state: str, answered: int = 0) -> dict[str, Any]:
    return {"state": state, "answered_today": answered, "queues": {"support": {"paused": False}}}


def _delta(**sections: dict[str, Any]) -> Delta:
    """A delta with the sections given (items may be partial: merging only reads their keys)."""
    return cast(Delta, {"calls": {}, "agents": {}, "queues": {}, **sections})


def test_two_deltas_on_one_agent_become_one_with_the_last_state() -> None:
    merged = merge_deltas(
        _delta(agents={"PJSIP/1001": _agent("ringing")}),
        _delta(agents={"PJSIP/1001": _agent("in call", 1)}),
    )
    assert merged == _delta(agents={"PJSIP/1001": _agent("in call", 1)})


def test_an_item_removed_then_added_again_is_there_and_a_removal_is_kept() -> None:
    removed = _delta(agents={"PJSIP/1001": None, "PJSIP/1002": None})
    merged = merge_deltas(removed, _delta(agents={"PJSIP/1001": _agent("idle")}))
    assert merged["agents"] == {"PJSIP/1002": None, "PJSIP/1001": _agent("idle")}
    assert merge_deltas(merged, _delta(agents={"PJSIP/1001": None}))["agents"] == {
        "PJSIP/1002": None,
        "PJSIP/1001": None,
    }


def test_calls_that_end_are_kept_in_the_order_they_ended() -> None:
    waiting = {"callid": "1.1", "queue": "support", "state": "waiting", "final": False}
    talking = {"callid": "1.2", "queue": "support", "state": "talking", "final": False}
    first = _delta(calls={"1.1": waiting, "1.2": {**talking, "final": True}})
    second = _delta(calls={"1.1": {**waiting, "final": True, "outcome": "abandoned"}})
    merged = merge_deltas(first, second)
    assert list(merged["calls"]) == ["1.2", "1.1"]  # 1.2 ended first: the recent list keeps that order
    ended = merged["calls"]["1.1"]
    assert ended is not None
    assert ended["outcome"] == "abandoned"
    # A resync that drops an ended call (None) does not take it off the recent list.
    dropped = merge_deltas(merged, _delta(calls={"1.2": None}))
    kept = dropped["calls"]["1.2"]
    assert kept is not None
    assert kept["final"] is True


def test_channels_and_endpoints_keep_the_latest_value_and_stay_absent_when_unchanged() -> None:
    first = _delta(channels={"total": 1}, endpoints={"carrier": {"state": "ok"}})
    merged = merge_deltas(first, _delta(channels={"total": 2}))
    latest: dict[str, Any] = {"channels": merged["channels"], "endpoints": merged["endpoints"]}
    assert latest == {"channels": {"total": 2}, "endpoints": {"carrier": {"state": "ok"}}}
    assert "endpoints" not in merge_deltas(_delta(), _delta(agents={"PJSIP/1": None}))
    assert "channels" not in merge_deltas(_delta(), _delta())


async def test_publishes_ride_in_the_store_transaction_only_with_the_redis_pub_sub_layer() -> None:
    redis_store = RedisStore(str(settings.REDIS_URL))
    assert wire_for(get_channel_layer(), redis_store) is not None
    assert wire_for(get_channel_layer(), MemoryStore()) is None
    assert wire_for(InMemoryChannelLayer(), redis_store) is None
    assert wire_for(get_channel_layer(), RedisStore("redis://127.0.0.2:6390/0")) is None  # another Redis
    await redis_store.close()


def _apply(board: dict[str, dict[str, Any]], message: dict[str, Any]) -> None:
    """What a board does with one live.delta."""
    for callid, call in message["calls"].items():
        if call is None or call.get("final"):
            board["calls"].pop(callid, None)
        else:
            board["calls"][callid] = call
    for section in ("agents", "queues"):
        for key, value in message[section].items():
            if value is None:
                board[section].pop(key, None)
            else:
                board[section][key] = value


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(30)
async def test_a_burst_is_merged_in_order_and_a_board_still_equals_the_live_state(
    asterisk_fixtures: Path,
) -> None:
    s05 = transcript(asterisk_fixtures, "s05_status_snapshot")
    state = LiveState("pbx-burst")
    state.resync(list_events(s05, "s05_status_snapshot-32"), list_events(s05, "s05_status_snapshot-37"), T0)
    store = RedisStore(str(settings.REDIS_URL))
    layer = get_channel_layer()
    config = ServerConfig(name="pbx-burst", host="127.0.0.1", port=1, username="u", secret="s")
    bridge = ServerBridge(config, store=store, layer=layer, routing=Routing(), tz=dt.UTC)
    bridge.state = state
    channel = await layer.new_channel()
    await layer.group_add("live.all", channel)
    snapshot = state.snapshot(T0)
    await store.write_snapshot("pbx-burst", snapshot)
    board = {section: dict(snapshot[section]) for section in ("calls", "agents", "queues")}
    state.take_delta(T0)
    publisher = asyncio.create_task(bridge._publisher())
    try:
        # The tail of s05 (the waiting caller abandons, both talking calls complete), one delta per event,
        # all queued while the publisher is busy with nothing else: they are written as one.
        tail = s05[[m.event for m in s05].index("DeviceStateListComplete") + 1 :]
        deltas = 0
        for message in tail:
            state.apply(message, T0 + 10)
            delta = state.take_delta(T0 + 10)
            if not LiveState.delta_is_empty(delta):
                bridge._outbox.put_nowait(("delta", delta, time.monotonic()))
                deltas += 1
        await asyncio.wait_for(bridge._outbox.join(), 10)
        received: list[dict[str, Any]] = []
        async with asyncio.timeout(10):
            while not received or received[-1]["seq"] < bridge.seq:
                received.append(await layer.receive(channel))
        received = [m for m in received if m["server"] == "pbx-burst"]
        assert deltas > 3
        assert [m["seq"] for m in received] == list(range(1, bridge.seq + 1))
        assert len(received) < deltas
        for sent in received:
            _apply(board, sent)
        expected = state.snapshot(T0 + 10)
        stored = store.read_snapshot("pbx-burst")
        assert stored is not None
        assert board["calls"] == stored["calls"] == expected["calls"] == {}
        assert board["agents"] == stored["agents"] == expected["agents"]
        assert board["queues"] == stored["queues"] == expected["queues"]
        assert [c["callid"] for c in stored["recent_calls"]] == [
            c["callid"] for c in expected["recent_calls"]
        ]
    finally:
        bridge._outbox.put_nowait(("stop", None, 0.0))
        await asyncio.wait_for(publisher, 5)
        await layer.group_discard("live.all", channel)
        await store.delete("pbx-burst")
        await store.close()
