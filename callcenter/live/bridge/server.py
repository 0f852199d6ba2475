"""The AMI bridge: one asyncio process, one AMI connection per enabled Asterisk node.

It is the only AMI event stream of the control plane. Other readers of events (the dialer's attempts,
the wallboard's spy sessions and trunk alarms) are subscribers (``callcenter.live.subscribers``): after
the reducer has applied an event, each subscriber that wants it gets it on its own ordered queue, and
after every login and every resync each gets a link notice. Actions from other processes do not come
through here: they use short action-only sessions (``Events: off``, ``callcenter.ami.sync``).

For each node: events go through the reducer (``LiveState``); after each batch read from the socket the
changes (a delta) are written to the store (Redis) and published to channel-layer groups, in order, by
one publisher task per node. No Celery hop. After every login the state is rebuilt from ``QueueStatus``,
``CoreShowChannels`` and the PJSIP lists (``callcenter.live.endpoints.read_lists``) and the full snapshot is
stored before anything newer is published.

Channel-layer messages (consumers implement ``live_delta``, ``live_resync`` and ``live_status``)::

    {"type": "live.delta", "server": str, "seq": int,
     "calls": {callid: call | None}, "agents": {interface: agent | None},
     "queues": {name: queue | None}, "channels": {...},  # only when channels changed
     "endpoints": {name: endpoint | None}}  # only when PJSIP trunks or phones changed; live.all only
    {"type": "live.resync", "server": str, "seq": int}   # state rebuilt: re-read read_snapshot(server)
    {"type": "live.status", "server": str, "seq": int, "connected": bool}

Groups: ``live.all`` gets everything (the wallboard's hub reads it and filters per viewer). With
``LIVE_PUBLISH_SCOPED_GROUPS`` on, also ``live.queue.<name>`` (the queue, its calls and its agents) and
``live.team.<team id>`` (the team's agents, the team's queues and their calls); nothing in the project
reads those, so they are off by default. Deltas waiting in the outbox are merged and written with their
PUBLISHes in one Redis transaction (``callcenter.live.publish``).

A reload of app_queue sends no QueueParams and drops removed static members without an event; the only
sign is ``Event: Reload`` (``Module: app_queue.so``, or ``All`` for a full reload). On it the bridge
resyncs the node as after a login. Anyone may also ask for that with ``request_resync(server)``, which
posts ``{"type": "live.resync_request", "server": str}`` to the channel-layer group ``live.resync``; the
configuration apply does so after every reload it makes (registered in ``LiveConfig.ready``). Requests
within ``resync_delay`` seconds of each other make one resync.

Self-healing (docs/ami.md, "Keeping the live state true"):

* a heartbeat per node in the store, refreshed every ``heartbeat_interval`` seconds while the AMI link is
  logged in, deleted when it drops, expiring ``heartbeat_ttl_ms`` after the last beat when the bridge dies
  or hangs: that is what "connected" means to the boards and the dialer;
* each beat also reads the marker of the last full snapshot and Redis' ``run_id``: a marker gone or
  different, or another Redis instance, makes the bridge write its full snapshot again at once;
* a full resync every ``resync_interval`` seconds (0: off), coalesced with reload-triggered ones; what it
  corrected is counted in ``cc_live_resync_corrections_total``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from callcenter.ami.protocol import Message
from callcenter.live import metrics
from callcenter.live.bridge.publisher import Publishing
from callcenter.live.bridge.requests import reloads_queues
from callcenter.live.subscribers import Link

logger = logging.getLogger("callcenter.live.bridge")


class ServerBridge(Publishing):
    """The bridge for one node: client, reducer, store and publisher."""

    def _listen(self) -> None:
        self.client.add_event_listener(self._on_event)
        self.client.add_connect_listener(self._on_connect)
        self.client.add_disconnect_listener(self._on_disconnect)
        self.client.latency_observer = self._observe_latency

    # -- client callbacks ----------------------------------------------------------------------------
    def _on_event(self, message: Message) -> None:
        self.state.apply(message, time.time())
        for window in self._resync_windows:
            window.append(message)
        self.fanout.offer(message)
        if reloads_queues(message):
            self.request_resync(f"reload {message.get('Module') or 'All'}")
        self._batch_events += 1
        if not self._flush_scheduled:
            self._flush_scheduled = True
            self._first_event_at = time.monotonic()
            # Runs once the reader has handed over every message of this read: one delta per read.
            asyncio.get_running_loop().call_soon(self._flush)

    async def _on_connect(self) -> None:
        if self.client.connect_count > 1:
            metrics.RECONNECTS.labels(self.name).inc()
        metrics.CONNECTED.labels(self.name).set(1)
        self._outbox.put_nowait(("status", True, time.monotonic()))
        self.fanout.notify(Link.CONNECTED)
        await self.resync("login")

    def _on_disconnect(self, cause: Exception | None) -> None:
        metrics.CONNECTED.labels(self.name).set(0)
        self._outbox.put_nowait(("status", False, time.monotonic()))
        self.fanout.notify(Link.DISCONNECTED)

    def _observe_latency(self, action: str, seconds: float) -> None:
        metrics.ACTION_LATENCY.labels(self.name, action).observe(seconds)

    async def subscribers_settled(self) -> None:
        """Wait until every subscriber has handled what was queued for it so far (used by tests)."""
        await self.fanout.join()

    async def run(self, stop: asyncio.Event) -> None:
        try:
            stored = await asyncio.to_thread(self.store.read_snapshot, self.name)
        except Exception:
            logger.exception("event=live_restore_failed server=%s", self.name)
            stored = None
        if stored is not None:
            self.state.restore(stored, time.time())
        publisher = asyncio.create_task(self._publisher(), name=f"live-publisher-{self.name}")
        self.fanout.start()
        side_tasks = [
            asyncio.create_task(self._ticker(stop), name=f"live-ticker-{self.name}"),
            asyncio.create_task(self._heartbeat(stop), name=f"live-heartbeat-{self.name}"),
        ]
        if self.resync_interval > 0:
            side_tasks.append(
                asyncio.create_task(self._periodic_resync(stop), name=f"live-periodic-resync-{self.name}")
            )
        try:
            await self.client.run(stop)
        finally:
            for task in side_tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if self._resync_task is not None:
                self._resync_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._resync_task
            self._flush()
            self._outbox.put_nowait(("stop", None, 0.0))
            await publisher
            await self.fanout.stop()
            with contextlib.suppress(Exception):
                await self._beat()  # the client is closed now: this ends the heartbeat
            metrics.CONNECTED.labels(self.name).set(0)
            logger.info("event=live_bridge_stopped server=%s seq=%d", self.name, self.seq)
