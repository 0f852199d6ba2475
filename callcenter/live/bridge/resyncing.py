"""Resyncs of one node: after a login, on a reload or a request (coalesced), and periodically."""

from __future__ import annotations

import asyncio
import logging
import time

from callcenter.ami.errors import AMIError
from callcenter.ami.protocol import Message
from callcenter.live import endpoints, metrics
from callcenter.live.bridge.node import NodeBase
from callcenter.live.state import ResyncCorrections
from callcenter.live.subscribers import Link

logger = logging.getLogger("callcenter.live.bridge")
RESYNC_TIMEOUT = 30.0


class Resyncing(NodeBase):
    """``resync`` and ``request_resync``."""

    async def resync(self, trigger: str = "login") -> ResyncCorrections:
        """Rebuild the live state from QueueStatus and CoreShowChannels; store the full snapshot. Returns
        (and counts in the metrics, by ``trigger``: login, reload, periodic) what it corrected."""
        started = time.monotonic()
        during: list[Message] = []  # events applied while the lists are read may be newer than they are
        self._resync_windows.append(during)
        try:
            _, queue_status = await self.client.action_list("QueueStatus", timeout=RESYNC_TIMEOUT)
            _, channels = await self.client.action_list("CoreShowChannels", timeout=RESYNC_TIMEOUT)
            # PJSIP contacts and registrations (trunks and phones), with a window of their own.
            endpoint_lists = await endpoints.read_lists(
                self.client, self._resync_windows, RESYNC_TIMEOUT, endpoints.trunk_names(self.state.trunks)
            )
        finally:
            self._resync_windows.remove(during)
        self._flush()  # anything that arrived before the lists goes out first, in order
        now = time.time()
        corrections = self.state.resync(queue_status, channels, now, during)
        endpoint_corrections = self.state.endpoints.resync(endpoint_lists, now)
        self.state.take_delta(now)  # superseded by the snapshot below
        self.resyncs += 1
        self._last_resync = time.monotonic()
        self.last_corrections = corrections
        metrics.RESYNCS.labels(self.name).inc()
        for kind, count in {**corrections.by_kind(), "endpoint": endpoint_corrections}.items():
            metrics.RESYNC_CORRECTIONS.labels(self.name, trigger, kind).inc(count)
            metrics.RESYNC_LAST_CORRECTIONS.labels(self.name, trigger, kind).set(count)
        self._queue_snapshot(now, started)
        self.fanout.notify(Link.RESYNCED)
        logger.info(
            "event=live_resync server=%s trigger=%s calls=%d agents=%d queues=%d channels=%d "
            "corrected_queues=%d corrected_members=%d corrected_calls=%d corrected_channels=%d "
            "corrected_endpoints=%d duration_ms=%.1f",
            self.name,
            trigger,
            len(self.state.calls),
            len(self.state.agents),
            len(self.state.queues),
            len(self.state.channels),
            corrections.queue,
            corrections.member,
            corrections.call,
            corrections.channel,
            endpoint_corrections,
            (time.monotonic() - started) * 1000,
        )
        return corrections

    def request_resync(self, reason: str, trigger: str = "reload") -> None:
        """Resync soon: requests within ``resync_delay`` of each other (a burst of reloads) make one
        resync; one that comes while a resync runs makes one more afterwards (it may have missed it).
        ``trigger`` labels the metrics (``reload`` or ``periodic``; coalesced, a reload wins)."""
        self._resync_wanted = True
        self._resync_triggers.add(trigger)
        if self._resync_task is None or self._resync_task.done():
            logger.info("event=live_resync_requested server=%s reason=%r", self.name, reason)
            self._resync_task = asyncio.get_running_loop().create_task(
                self._resync_when_quiet(), name=f"live-resync-{self.name}"
            )

    async def resync_settled(self) -> None:
        """Wait until no requested resync is waiting or running (used by tests)."""
        while self._resync_task is not None and not self._resync_task.done():
            await asyncio.wait({self._resync_task})

    async def _resync_when_quiet(self) -> None:
        while self._resync_wanted:
            await asyncio.sleep(self.resync_delay)
            self._resync_wanted = False
            triggers, self._resync_triggers = self._resync_triggers, set()
            if not self.client.connected:
                return  # the next login resyncs anyway
            try:
                await self.resync("periodic" if triggers == {"periodic"} else "reload")
            except (AMIError, TimeoutError) as exc:
                # A lost connection resyncs on the next login; anything else waits for the next request.
                logger.warning("event=live_resync_failed server=%s error=%r", self.name, str(exc))
                return
            except Exception:
                logger.exception("event=live_resync_failed server=%s", self.name)
                return
