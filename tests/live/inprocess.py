"""The AMI bridge run in the test's own event loop until the block ends."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from callcenter.live.bridge import ServerBridge, run_bridge

# Client options for a local AMI server: no keep-alive pings, reconnects at once, a short action timeout.
FAST: dict[str, Any] = {
    "ping_interval": 0,
    "backoff_initial": 0.01,
    "backoff_max": 0.05,
    "action_timeout": 5.0,
}


@dataclass
class Bridges:
    """The nodes' bridges, by node name, as they start."""

    started: dict[str, ServerBridge] = field(default_factory=dict)
    first: asyncio.Event = field(default_factory=asyncio.Event)

    def on_start(self, bridge: ServerBridge) -> None:
        self.started[bridge.name] = bridge
        self.first.set()

    async def one(self, limit: float = 10.0) -> ServerBridge:
        """The first bridge to start, once it has."""
        await asyncio.wait_for(self.first.wait(), limit)
        return next(iter(self.started.values()))


@asynccontextmanager
async def bridge_running(names: list[str] | None = None, **options: Any) -> AsyncIterator[Bridges]:
    """``run_bridge`` for the named nodes (every enabled one without ``names``) with ``options``, stopped
    and awaited when the block ends."""
    stop = asyncio.Event()
    bridges = Bridges()
    task = asyncio.create_task(run_bridge(stop, names, on_start=bridges.on_start, **options))
    try:
        yield bridges
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
