"""A wallboard in a browser: the board's state from its WebSocket frames, and when each probe arrived."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any


class Client:
    """One wallboard in a browser: keeps the board's state and notes when each probe arrives."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.agents: dict[str, dict[str, Any]] = {}
        self.seen: dict[str, float] = {}
        self.snapshots = 0
        self.frames = 0
        self.bytes = 0  # text received
        self.snapshot_event = asyncio.Event()

    def apply(self, frame: dict[str, Any], received: float) -> None:
        self.frames += 1
        if frame["type"] == "snapshot":
            self.snapshots += 1
            self.agents = dict(frame["agents"])
            self.snapshot_event.set()
        for key, agent in (frame.get("agents") or {}).items():
            if agent is None:
                self.agents.pop(key, None)
                continue
            self.agents[key] = agent
            reason = agent.get("pause_reason") or ""
            if reason.startswith("probe-") and reason not in self.seen:
                self.seen[reason] = received

    def shows(self, final: dict[str, str]) -> bool:
        """Whether every agent in ``final`` (key -> pause reason) shows that reason on this board."""
        return all(
            (self.agents.get(key) or {}).get("pause_reason") == reason for key, reason in final.items()
        )

    async def run(self, url: str, cookie: str, origin: str, stop: asyncio.Event) -> None:
        import websockets
        from websockets.typing import Origin

        async with websockets.connect(
            url,
            additional_headers={"Cookie": cookie},
            origin=Origin(origin),
            max_size=None,
        ) as socket_:
            await self.receive(socket_, stop)

    async def receive(self, socket_: Any, stop: asyncio.Event) -> None:
        """Apply every frame the open connection brings until ``stop`` is set."""
        while not stop.is_set():
            try:
                raw = await asyncio.wait_for(socket_.recv(), 0.5)
            except TimeoutError:
                continue
            self.bytes += len(raw)
            self.apply(json.loads(raw), time.perf_counter())
