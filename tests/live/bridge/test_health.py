"""The store check each heartbeat carries: a snapshot the store lost (a flush, a restart) or replaced, or
another Redis instance, makes the bridge write its full snapshot again; nothing else does."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from callcenter.live.bridge import Routing, ServerBridge, ServerConfig
from callcenter.live.store import MemoryStore

pytestmark = pytest.mark.timeout(30)

SERVER = "pbx-health"


def bridge_on(store: MemoryStore) -> ServerBridge:
    config = ServerConfig(name=SERVER, host="127.0.0.1", port=1, username="u", secret="s")
    return ServerBridge(config, store=store, layer=None, routing=Routing(), tz=dt.UTC, subscribers=[])


async def write_snapshot(bridge: ServerBridge) -> None:
    """Queue the full snapshot and let the publisher's step write it (as after a login)."""
    bridge._queue_snapshot(time.time(), time.monotonic())
    kind, payload, started = bridge._outbox.get_nowait()
    bridge._outbox.task_done()
    await bridge._handle(kind, payload, started)


async def bridge_with_snapshot(store: MemoryStore) -> ServerBridge:
    """A bridge on ``store`` whose full snapshot is written."""
    bridge = bridge_on(store)
    await write_snapshot(bridge)
    return bridge


def queued_kinds(bridge: ServerBridge) -> list[str]:
    kinds = []
    while not bridge._outbox.empty():
        kinds.append(bridge._outbox.get_nowait()[0])
        bridge._outbox.task_done()
    return kinds


async def test_a_flushed_store_gets_the_full_snapshot_again_at_the_next_beat() -> None:
    store = MemoryStore()
    bridge = await bridge_with_snapshot(store)
    await bridge._beat()
    assert (bridge.rewrites, queued_kinds(bridge)) == (0, [])

    store.markers.clear()  # FLUSHDB: the marker of the last snapshot is gone
    await bridge._beat()

    assert bridge.rewrites == 1
    assert queued_kinds(bridge) == ["snapshot"]


async def test_a_rewritten_snapshot_settles_the_check() -> None:
    store = MemoryStore()
    bridge = await bridge_with_snapshot(store)
    store.markers.clear()
    await bridge._beat()
    queued_kinds(bridge)

    await write_snapshot(bridge)
    await bridge._beat()

    assert bridge.rewrites == 1
    assert queued_kinds(bridge) == []


async def test_a_snapshot_replaced_by_someone_else_is_written_again() -> None:
    store = MemoryStore()
    bridge = await bridge_with_snapshot(store)

    store.markers[SERVER] = "another-writer"
    await bridge._beat()

    assert bridge.rewrites == 1


async def test_no_rewrite_while_a_snapshot_is_on_its_way() -> None:
    store = MemoryStore()
    bridge = await bridge_with_snapshot(store)
    bridge._queue_snapshot(time.time(), time.monotonic())  # written by the publisher soon

    store.markers.clear()
    await bridge._beat()

    assert bridge.rewrites == 0


async def test_a_snapshot_found_at_start_is_adopted_until_the_login_writes_one() -> None:
    store = MemoryStore()
    store.markers[SERVER] = "from-the-last-run"
    bridge = bridge_on(store)

    await bridge._beat()
    await bridge._beat()

    assert bridge.rewrites == 0
    assert queued_kinds(bridge) == []


async def test_the_beat_marks_the_node_connected_only_while_logged_in() -> None:
    store = MemoryStore()
    bridge = bridge_on(store)

    await bridge._beat()

    assert not store.is_connected(SERVER)  # the AMI client never logged in
