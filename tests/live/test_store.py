"""The live snapshot store: the real Redis (REDIS_URL) and the in-process store give the same shape."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from django.conf import settings
from pytest_django import Settings

from callcenter.live.state import LiveState
from callcenter.live.store import MemoryStore, RedisStore, get_store, read_all, read_snapshot
from callcenter.live.store import read as store_read
from tests.harness.recordings import transcript
from tests.live.conftest import list_events

T0 = 1795355863.0


def _state_from_s05(fixtures: Path) -> LiveState:
    s05 = transcript(fixtures, "s05_status_snapshot")
    state = LiveState("pbx-a")
    state.resync(list_events(s05, "s05_status_snapshot-32"), list_events(s05, "s05_status_snapshot-37"), T0)
    return state


@pytest.fixture(params=["redis", "memory"])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[RedisStore | MemoryStore]:
    if request.param == "redis":
        assert settings.REDIS_URL, "these tests need the real Redis (REDIS_URL)"
        instance: RedisStore | MemoryStore = RedisStore(settings.REDIS_URL)
    else:
        instance = MemoryStore()
    yield instance
    for server in ("pbx-a", "pbx-b"):
        await instance.delete(server)
    await instance.close()


async def test_snapshot_round_trip(store: RedisStore | MemoryStore, asterisk_fixtures: Path) -> None:
    state = _state_from_s05(asterisk_fixtures)
    snapshot = state.snapshot(T0)
    await store.write_snapshot("pbx-a", snapshot)
    await store.set_connected("pbx-a", True)
    read = store.read_snapshot("pbx-a")
    assert read == {**snapshot, "connected": True}


async def test_deltas_update_the_stored_snapshot(
    store: RedisStore | MemoryStore, asterisk_fixtures: Path
) -> None:
    state = _state_from_s05(asterisk_fixtures)
    await store.write_snapshot("pbx-a", state.snapshot(T0))
    state.take_delta(T0)
    s05 = transcript(asterisk_fixtures, "s05_status_snapshot")
    tail = s05[[m.event for m in s05].index("DeviceStateListComplete") + 1 :]
    for message in tail:  # the waiting caller abandons, both talking calls complete
        state.apply(message, T0 + 10)
        await store.apply_delta("pbx-a", state.take_delta(T0 + 10), T0 + 10, state.snapshot_day())
    read = store.read_snapshot("pbx-a")
    expected = state.snapshot(T0 + 10)
    assert read is not None
    assert read["calls"] == expected["calls"] == {}
    assert [c["callid"] for c in read["recent_calls"]] == ["1795355864.21", "1795355863.13", "1795355863.17"]
    assert read["agents"] == expected["agents"]
    assert read["queues"] == expected["queues"]
    assert read["channels"] == expected["channels"]


async def test_unknown_server_reads_as_none(store: RedisStore | MemoryStore) -> None:
    assert store.read_snapshot("pbx-b") is None


def test_read_snapshot_of_a_server_never_seen_is_empty_and_disconnected() -> None:
    snapshot = read_snapshot("never-bridged")
    assert snapshot["connected"] is False
    assert snapshot["calls"] == {} and snapshot["agents"] == {}


async def test_read_all_merges_servers_and_adds_queue_counters(asterisk_fixtures: Path) -> None:
    store = get_store()
    try:
        for name in ("pbx-a", "pbx-b"):
            state = _state_from_s05(asterisk_fixtures)
            state.server = name
            await store.write_snapshot(name, state.snapshot(T0))
        merged = read_all()
        assert set(merged["servers"]) >= {"pbx-a", "pbx-b"}
        support = merged["queues"]["support"]
        assert support["waiting_count"] == 2
        assert support["agents"]["in call"] == 4
        assert merged["channels"]["total"] >= 20
    finally:
        for name in ("pbx-a", "pbx-b"):
            await store.delete(name)
        await store.close()


def test_without_redis_the_memory_store_is_used(settings: Settings) -> None:
    settings.REDIS_URL = None
    assert get_store() is store_read._memory_store


async def _expired(store: RedisStore | MemoryStore, server: str, limit: float) -> float:
    """Seconds until the heartbeat of ``server`` is gone; fails after ``limit``."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with asyncio.timeout(limit):
        while (await store.link_status()).get(server):
            await asyncio.sleep(0.02)
    return loop.time() - started


async def test_connected_is_a_heartbeat_that_expires_by_itself(
    store: RedisStore | MemoryStore, asterisk_fixtures: Path
) -> None:
    await store.write_snapshot("pbx-a", _state_from_s05(asterisk_fixtures).snapshot(T0))
    await store.set_connected("pbx-a", True, 300)
    assert store.is_connected("pbx-a")
    assert (await store.link_status()).get("pbx-a") is True

    await _expired(store, "pbx-a", 2)  # nobody beat again: a dead or frozen bridge

    assert not store.is_connected("pbx-a")
    snapshot = store.read_snapshot("pbx-a")
    assert snapshot is not None and snapshot["connected"] is False
    assert len(snapshot["agents"]) == 12  # the data stays; only "connected" goes


async def test_a_beat_reports_the_marker_of_the_last_snapshot(
    store: RedisStore | MemoryStore, asterisk_fixtures: Path
) -> None:
    snapshot = _state_from_s05(asterisk_fixtures).snapshot(T0)
    assert (await store.beat("pbx-a", True, 1000)).marker is None
    await store.write_snapshot("pbx-a", snapshot, "m1")
    check = await store.beat("pbx-a", True, 1000)
    assert check.marker == "m1"
    assert (check.instance is not None) is isinstance(store, RedisStore)  # Redis' run_id
    await store.beat("pbx-a", False)
    assert not store.is_connected("pbx-a")
