"""The whole board for one viewer: the snapshot frame built from every node's snapshot."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from callcenter.live.messages import (
    BoardAgent,
    BoardCall,
    BoardEndpoint,
    BoardQueue,
    ChannelsView,
    Collection,
    ServerFrame,
    SnapshotFrame,
    SpyView,
    empty_channels,
)
from callcenter.wallboard import endpoints
from callcenter.wallboard.board.items import agent_view, call_view, endpoint_view, frame_key, queue_view
from callcenter.wallboard.board.scope import Scope

COLLECTIONS: tuple[Collection, ...] = ("agents", "queues", "calls", "endpoints")

ItemT = TypeVar("ItemT", BoardAgent, BoardQueue, BoardCall, BoardEndpoint)


def snapshot_frame(
    scope: Scope,
    snapshots: Mapping[str, Mapping[str, Any]],
    spies: list[SpyView],
) -> SnapshotFrame:
    """The whole board for one viewer, from every node's snapshot (``StoredSnapshot``)."""
    servers: dict[str, ServerFrame] = {}
    channels: dict[str, ChannelsView] = {}
    for server, snap in sorted(snapshots.items()):
        servers[server] = {
            "connected": bool(snap.get("connected")),
            "generated_at": snap.get("generated_at"),
            "trunks_down": endpoints.trunks_down(snap),
        }
        channels[server] = snap.get("channels") or empty_channels()
    return {
        "type": "snapshot",
        "server_time": time.time(),
        "servers": servers,
        "channels": channels,
        "agents": _visible(scope, snapshots, "agents", agent_view),
        "queues": _visible(scope, snapshots, "queues", queue_view),
        "calls": _visible(scope, snapshots, "calls", call_view),
        "endpoints": _visible(scope, snapshots, "endpoints", endpoint_view),
        "spies": {str(spy["id"]): spy for spy in spies},
    }


def _visible(
    scope: Scope,
    snapshots: Mapping[str, Mapping[str, Any]],
    collection: Collection,
    item_view: Callable[[Scope, str, str, Mapping[str, Any] | None], ItemT | None],
) -> dict[str, ItemT]:
    """The items of one collection of every node that the viewer may see, by ``frame_key``."""
    items: dict[str, ItemT] = {}
    for server, snap in sorted(snapshots.items()):
        for key, live in (snap.get(collection) or {}).items():
            item = item_view(scope, server, key, live)
            if item is not None:
                items[frame_key(collection, server, key)] = item
    return items
