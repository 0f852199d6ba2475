"""The in-process store used when there is no Redis (the embedded demo: one process)."""

from __future__ import annotations

import json
import time
from typing import Any

from callcenter.live.messages import Delta, Snapshot, StoredSnapshot
from callcenter.live.store.common import (
    RECENT_LIMIT,
    SECTIONS,
    Publishes,
    StoreCheck,
    assemble,
    delta_meta,
    dumps,
    keyed_of,
    meta_of,
    new_marker,
    ttl_ms_or_default,
)


class MemoryStore:
    """The in-process store used when there is no Redis (demo, single process)."""

    def __init__(self) -> None:
        self.data: dict[str, dict[str, Any]] = {}
        self.heartbeats: dict[str, float] = {}  # server -> time.monotonic() the heartbeat expires at
        self.markers: dict[str, str] = {}

    def _server(self, server: str) -> dict[str, Any]:
        return self.data.setdefault(
            server, {"meta": {}, "calls": {}, "agents": {}, "queues": {}, "endpoints": {}, "recent": []}
        )

    async def write_snapshot(
        self, server: str, snapshot: Snapshot, marker: str | None = None, publish: Publishes = ()
    ) -> None:
        """``publish`` is for the Redis store only (there is no pub/sub without Redis)."""
        entry = self._server(server)
        entry["meta"] = meta_of(snapshot)
        self.markers[server] = marker or new_marker()
        for section in SECTIONS:
            entry[section] = json.loads(dumps(snapshot.get(section) or {}))
        entry["recent"] = [json.loads(dumps(call)) for call in reversed(snapshot["recent_calls"])][
            :RECENT_LIMIT
        ]

    async def apply_delta(
        self, server: str, delta: Delta, now: float, day: str | None, publish: Publishes = ()
    ) -> None:
        entry = self._server(server)
        entry["meta"].update(delta_meta(server, delta, now, day))
        for callid, call in delta["calls"].items():
            if call is None or call.get("final"):
                entry["calls"].pop(callid, None)
                if call is not None:
                    entry["recent"].insert(0, call)
                    del entry["recent"][RECENT_LIMIT:]
            else:
                entry["calls"][callid] = call
        for section, changes in keyed_of(delta).items():
            for key, value in changes.items():
                if value is None:
                    entry[section].pop(key, None)
                else:
                    entry[section][key] = value

    async def set_connected(self, server: str, connected: bool, ttl_ms: int | None = None) -> None:
        """Beat (``connected``: the heartbeat lives ``ttl_ms``, by default LIVE_HEARTBEAT_TTL_MS) or end it."""
        self._server(server)
        if connected:
            self.heartbeats[server] = time.monotonic() + ttl_ms_or_default(ttl_ms) / 1000
        else:
            self.heartbeats.pop(server, None)

    async def beat(self, server: str, connected: bool, ttl_ms: int | None = None) -> StoreCheck:
        """The bridge's heartbeat: refresh (or end) it and report what the store holds."""
        await self.set_connected(server, connected, ttl_ms)
        return StoreCheck(self.markers.get(server), None)

    async def link_status(self) -> dict[str, bool]:
        """Every node the store knows and whether its heartbeat is present."""
        return {server: self.is_connected(server) for server in self.servers()}

    async def delete(self, server: str) -> None:
        self.data.pop(server, None)
        self.heartbeats.pop(server, None)
        self.markers.pop(server, None)

    def read_snapshot(self, server: str) -> StoredSnapshot | None:
        entry = self.data.get(server)
        if entry is None:
            return None
        return assemble(
            server,
            entry["meta"],
            self.is_connected(server),
            entry["calls"],
            entry["agents"],
            entry["queues"],
            entry["recent"],
            entry["endpoints"],
        )

    def is_connected(self, server: str) -> bool:
        return self.heartbeats.get(server, 0.0) > time.monotonic()

    def servers(self) -> list[str]:
        return sorted(self.data)

    async def close(self) -> None:
        return None
