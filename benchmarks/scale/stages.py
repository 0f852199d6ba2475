"""Wall time per stage of the bridge (``--bridge-stages``), by wrapping its functions in its process."""

from __future__ import annotations

import asyncio
import functools
import json
import time
from pathlib import Path
from typing import Any, TypedDict


class StageFigure(TypedDict):
    count: int
    seconds: float


class StageTimers:
    """Wall time per stage of the bridge (``--bridge-stages``), waiting included: where a delta's time goes.

    The bridge's own functions are wrapped in this process only; nothing in callcenter/ changes. The
    channel layer's publish is timed in two parts: waiting for the layer's connection lock (one
    connection per process, shared by every node) and the PUBLISH round trip itself.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.stages: dict[str, StageFigure] = {}

    def write(self) -> None:
        self.out.write_text(json.dumps(self.stages), encoding="utf-8")

    def add(self, name: str, seconds: float) -> None:
        figure = self.stages.setdefault(name, StageFigure(count=0, seconds=0.0))
        figure["count"] += 1
        figure["seconds"] += seconds

    def wrap_sync(self, owner: Any, attribute: str, name: str) -> None:
        original = getattr(owner, attribute)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - started)

        setattr(owner, attribute, timed)

    def wrap_async(self, owner: Any, attribute: str, name: str) -> None:
        original = getattr(owner, attribute)

        @functools.wraps(original)
        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - started)

        setattr(owner, attribute, timed)

    def install(self) -> None:
        from channels_redis.pubsub import RedisSingleShardConnection

        from callcenter.live import bridge
        from callcenter.live.bridge import publisher as bridge_publisher
        from callcenter.live.bridge import routing as bridge_routing
        from callcenter.live.state import LiveState
        from callcenter.live.store import RedisStore
        from callcenter.live.subscribers import Fanout

        self.wrap_sync(LiveState, "apply", "reduce: LiveState.apply, per event")
        self.wrap_sync(LiveState, "take_delta", "reduce: LiveState.take_delta, per socket read")
        self.wrap_sync(Fanout, "offer", "subscribers: Fanout.offer, per event")
        self.wrap_sync(bridge_routing, "split_delta", "publish: split_delta, per delta")
        self.wrap_sync(
            bridge_publisher, "merge_deltas", "publisher: merge_deltas, per delta merged into another"
        )
        self.wrap_async(RedisStore, "apply_delta", "store: RedisStore.apply_delta (MULTI), per delta")
        self.wrap_async(bridge.ServerBridge, "_publish", "publish: group_send (not in the MULTI), per group")
        self.wrap_async(bridge.ServerBridge, "_handle", "publisher: one outbox item, all of it")
        handle = bridge.ServerBridge._handle

        async def handle_timed(bridge_self: Any, kind: str, payload: Any, started: float) -> None:
            if kind == "delta":
                self.add("publisher: a delta waits in the outbox", time.monotonic() - started)
            await handle(bridge_self, kind, payload, started)

        setattr(bridge.ServerBridge, "_handle", handle_timed)  # noqa: B010 - a method, replaced on purpose
        timers = self

        async def publish(self: Any, channel: str, message: bytes) -> None:
            waiting = time.perf_counter()
            async with self._lock:
                started = time.perf_counter()
                self._ensure_redis()
                await self._redis.publish(channel, message)
            timers.add("channel layer: waiting for the connection lock", started - waiting)
            timers.add("channel layer: PUBLISH round trip", time.perf_counter() - started)

        setattr(RedisSingleShardConnection, "publish", publish)  # noqa: B010

    async def watch_loop(self, stop: asyncio.Event) -> None:
        """How late a 10 ms sleep wakes up: the event loop's own delay (CPU starvation, long callbacks)."""
        while not stop.is_set():
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            self.add("event loop: late wake-up of a 10 ms sleep", time.perf_counter() - started - 0.01)
