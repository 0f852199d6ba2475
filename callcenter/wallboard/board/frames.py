"""The whole board for one viewer: the snapshot frame built from every node's snapshot."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from callcenter.live.messages import (
    BoardItem,
    ChannelsView,
    Collection,
    ServerFrame,
    SnapshotFrame,
    SpyView,
    empty_channels,
)
from callcenter.wallboard import endpoints
from callcenter.wallboard.board.items import frame_key, view
from callcenter.wallboard.board.scope import Scope

COLLECTIONS: tuple[Collection, ...] = ("agents", "queues", "calls", "endpoints")


def snapshot_frame(
    scope: Scope,
    snapshots: Mapping[str, Mapping[str, Any]],
    spies: list[SpyView],
) -> SnapshotFrame:
    """The whole board for one viewer, from every node's snapshot (``StoredSnapshot``)."""
    servers: dict[str, ServerFrame] = {}
    channels: dict[str, ChannelsView] = {}
    items: dict[Collection, dict[str, BoardItem]] = {collection: {} for collection in COLLECTIONS}
    for server, snap in sorted(snapshots.items()):
        servers[server] = {
            "connected": bool(snap.get("connected")),
            "generated_at": snap.get("generated_at"),
            "trunks_down": endpoints.trunks_down(snap),
        }
        channels[server] = snap.get("channels") or empty_channels()
        for collection in COLLECTIONS:
            for key, live in (snap.get(collection) or {}).items():
                item = view(scope, collection, server, key, live)
                if item is not None:
                    items[collection][frame_key(collection, server, key)] = item
    return {
        "type": "snapshot",
        "server_time": time.time(),
        "servers": servers,
        "channels": channels,
        "agents": items["agents"],
        "queues": items["queues"],
        "calls": items["calls"],
        "endpoints": items["endpoints"],
        "spies": {str(spy["id"]): spy for spy in spies},
    }
