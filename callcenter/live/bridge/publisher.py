"""The publisher of one node: writes the outbox to the store and publishes it to the channel layer, in
order, with the PUBLISHes in the store's transaction when it can."""

from __future__ import annotations

import logging
import time
from typing import Any

from callcenter.live import metrics
from callcenter.live.bridge.health import Health
from callcenter.live.bridge.routing import live_messages
from callcenter.live.messages import LiveMessage
from callcenter.live.publish import Wire, merge_deltas, wire_for
from callcenter.live.store import new_marker

logger = logging.getLogger("callcenter.live.bridge")


class Publishing(Health):
    """The outbox's consumer."""

    async def _publish(self, group: str, message: LiveMessage) -> None:
        if self.layer is None:
            return
        try:
            await self.layer.group_send(group, message)
        except Exception:
            # A slow or absent consumer must never stop the bridge; the snapshot in the store stays right.
            logger.exception("event=live_publish_failed server=%s group=%s", self.name, group)

    async def _send_after_store(self, messages: list[tuple[str, LiveMessage]]) -> None:
        for group, message in messages:
            await self._publish(group, message)

    def _wire(self) -> Wire | None:
        """PUBLISHes that ride in the store's transaction (``callcenter.live.publish.wire_for``)."""
        if self._wire_checked is False:
            self._wire_checked = True
            try:
                self._wire_fn = wire_for(self.layer, self.store)
            except Exception:
                logger.exception("event=live_publish_wire_failed server=%s", self.name)
                self._wire_fn = None
        return self._wire_fn

    async def _handle(self, kind: str, payload: Any, started: float) -> None:
        self.seq += 1
        messages = live_messages(kind, payload, self.name, self.seq, self.routing, self.scoped_groups)
        wire = self._wire()
        on_wire = [wire(group, message) for group, message in messages] if wire is not None else []
        after = [] if wire is not None else messages
        if kind == "delta":
            await self.store.apply_delta(
                self.name, payload, time.time(), self.state.snapshot_day(), publish=on_wire
            )
            await self._send_after_store(after)
            metrics.LAG.labels(self.name).observe(time.monotonic() - started)
        elif kind == "snapshot":
            marker = new_marker()
            async with self._beat_lock:  # a beat never compares against a marker being replaced
                try:
                    await self.store.write_snapshot(self.name, payload, marker, publish=on_wire)
                finally:
                    self._snapshot_pending = False
                self._marker = marker
            await self._send_after_store(after)
        elif kind == "status":
            await self._beat()  # the store says what the link is now, before anyone is told
            await self._send_after_store(messages)

    async def _publisher(self) -> None:
        """Write and publish the outbox in order; deltas that wait in a row become one (``merge_deltas``)."""
        while True:
            taken = [await self._outbox.get()]
            while not self._outbox.empty():
                taken.append(self._outbox.get_nowait())
            merged: list[tuple[str, Any, float]] = []
            for entry in taken:
                if merged and entry[0] == "delta" and merged[-1][0] == "delta":
                    _kind, before, first = merged[-1]
                    merged[-1] = ("delta", merge_deltas(before, entry[1]), min(first, entry[2]))
                else:
                    merged.append(entry)
            try:
                for kind, payload, started in merged:
                    if kind == "stop":
                        return
                    try:
                        await self._handle(kind, payload, started)
                    except Exception:
                        logger.exception("event=live_store_failed server=%s kind=%s", self.name, kind)
            finally:
                for _entry in taken:
                    self._outbox.task_done()

    async def drain(self) -> None:
        """Wait until everything queued so far is stored and published (used by tests and shutdown)."""
        self._flush()
        await self._outbox.join()
