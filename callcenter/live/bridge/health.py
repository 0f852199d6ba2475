"""Keeping the stored state true: the heartbeat, the store check it carries (a lost or replaced snapshot
is written again) and the periodic resync; the ticker that ends wrap-ups."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from callcenter.live import metrics
from callcenter.live.bridge.resyncing import Resyncing
from callcenter.live.store import StoreCheck

logger = logging.getLogger("callcenter.live.bridge")


class Health(Resyncing):
    """Heartbeat, store check, periodic resync and ticks."""

    async def _beat(self) -> None:
        """Write the heartbeat (present while the AMI link is logged in) and check the store kept our data."""
        async with self._beat_lock:
            try:
                check = await self.store.beat(self.name, self.client.connected, self.heartbeat_ttl_ms)
            except Exception as exc:
                metrics.HEARTBEAT_FAILURES.labels(self.name).inc()
                if not self._beat_failing:
                    logger.warning("event=live_heartbeat_failed server=%s error=%r", self.name, str(exc))
                self._beat_failing = True
                return
            if self._beat_failing:
                logger.info("event=live_heartbeat_restored server=%s", self.name)
                self._beat_failing = False
            self._check_store(check)

    def _check_store(self, check: StoreCheck) -> None:
        """Write the full snapshot again when the store lost it: the marker is gone or another one, or
        Redis is another instance (restarted, failed over) that may hold older data."""
        reason = ""
        if self._instance is not None and check.instance is not None and check.instance != self._instance:
            reason = "another Redis instance"
        if check.instance is not None:
            self._instance = check.instance
        if self._marker is None:
            # Nothing written yet: the login writes the first snapshot. One found from before this bridge
            # started is adopted until then.
            self._marker = check.marker
            if self._marker is None:
                return
        elif check.marker != self._marker:
            reason = reason or ("snapshot gone" if check.marker is None else "snapshot replaced")
        if not reason or self._snapshot_pending:
            return
        logger.warning("event=live_store_rewrite server=%s reason=%r", self.name, reason)
        self.rewrites += 1
        metrics.STORE_REWRITES.labels(self.name).inc()
        self._flush()
        now = time.time()
        self._queue_snapshot(now, time.monotonic())

    async def _heartbeat(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self._beat()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.heartbeat_interval)

    async def _periodic_resync(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            wait = self._last_resync + self.resync_interval - time.monotonic()
            if wait > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=wait)
                continue
            self._last_resync = time.monotonic()
            if self.client.connected:
                self.request_resync("periodic", trigger="periodic")

    async def _ticker(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.tick_interval)
            self.state.tick(time.time())
            self._flush()
