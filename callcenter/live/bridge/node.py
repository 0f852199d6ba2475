"""One node's bridge, its state: the AMI client, the reducer, the outbox the publisher drains, the
resync and heartbeat bookkeeping; and the flush of the reducer's delta into the outbox."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Iterable
from typing import Any

from channels.layers import BaseChannelLayer
from django.conf import settings

from callcenter.ami.client import AMIClient
from callcenter.ami.protocol import Message
from callcenter.live import metrics
from callcenter.live.bridge.config import Routing, ServerConfig
from callcenter.live.publish import Wire
from callcenter.live.state import LiveState, ResyncCorrections
from callcenter.live.store import Store
from callcenter.live.subscribers import Fanout, Subscriber, registered

RESYNC_DELAY = 0.5
# An outbox entry: ("delta", Delta, started), ("snapshot", Snapshot, started), ("status", connected,
# started) or ("stop", None, 0.0); started is the monotonic time the change began (for the lag metric).
Outgoing = tuple[str, Any, float]


class NodeBase:
    """The bridge of one node, its data (``ServerBridge`` adds the behaviour, in layers)."""

    def __init__(
        self,
        config: ServerConfig,
        *,
        store: Store,
        layer: BaseChannelLayer | None,
        routing: Routing,
        tz: dt.tzinfo,
        tick_interval: float = 1.0,
        resync_delay: float = RESYNC_DELAY,
        subscribers: Iterable[Subscriber] | None = None,
        heartbeat_interval: float | None = None,
        heartbeat_ttl_ms: int | None = None,
        resync_interval: float | None = None,
        scoped_groups: bool | None = None,
        **client_options: Any,
    ) -> None:
        """``heartbeat_interval`` (s), ``heartbeat_ttl_ms``, ``resync_interval`` (s, 0: off),
        ``scoped_groups`` (LIVE_PUBLISH_SCOPED_GROUPS) and the client's
        ``ping_interval`` / ``ping_timeout`` (s) default to the LIVE_* and AMI_* settings."""
        self.config = config
        self.name = config.name
        self.store = store
        self.layer = layer
        self.routing = routing
        self.tick_interval = tick_interval
        self.state = LiveState(config.name, tz=tz, trunks=config.trunks, queue_settings=config.queue_settings)
        self.heartbeat_interval = (
            heartbeat_interval
            if heartbeat_interval is not None
            else settings.LIVE_HEARTBEAT_INTERVAL_MS / 1000
        )
        self.heartbeat_ttl_ms = (
            heartbeat_ttl_ms if heartbeat_ttl_ms is not None else settings.LIVE_HEARTBEAT_TTL_MS
        )
        self.resync_interval = float(
            resync_interval if resync_interval is not None else settings.LIVE_RESYNC_INTERVAL
        )
        client_options.setdefault("ping_interval", settings.AMI_PING_IDLE_MS / 1000)
        client_options.setdefault("ping_timeout", settings.AMI_PING_TIMEOUT_MS / 1000)
        self.client = AMIClient(
            config.host, config.port, config.username, config.secret, name=config.name, **client_options
        )
        # Every registered subscriber (the apps' ready()) unless the caller names them.
        self.fanout = Fanout(config.name, registered() if subscribers is None else subscribers)
        self.seq = 0
        self.resyncs = 0
        self.resync_delay = resync_delay
        self._resync_wanted = False
        self._resync_windows: list[list[Message]] = []
        self._resync_triggers: set[str] = set()
        self._resync_task: asyncio.Task[None] | None = None
        self._last_resync = time.monotonic()
        self.last_corrections: ResyncCorrections | None = None
        # The marker of the last full snapshot written (or found at start), and the Redis instance seen.
        self._marker: str | None = None
        self._instance: str | None = None
        self._snapshot_pending = False
        self._beat_lock = asyncio.Lock()
        self._beat_failing = False
        self.rewrites = 0
        self._outbox: asyncio.Queue[Outgoing] = asyncio.Queue()
        # Also publish to live.queue.<name> and live.team.<id> (LIVE_PUBLISH_SCOPED_GROUPS, default off).
        self.scoped_groups = (
            scoped_groups if scoped_groups is not None else settings.LIVE_PUBLISH_SCOPED_GROUPS
        )
        self._wire_checked = False
        self._wire_fn: Wire | None = None
        self._flush_scheduled = False
        self._first_event_at = 0.0
        self._batch_events = 0
        self._malformed_seen = 0
        self._events_metric = metrics.EVENTS.labels(config.name)
        self._listen()

    def _listen(self) -> None:
        """Register the client's callbacks (``ServerBridge``)."""

    def _flush(self) -> None:
        self._flush_scheduled = False
        # Lag is measured from the first event of the batch; a tick-only change (wrap-up ended) has none.
        started = self._first_event_at if self._batch_events else time.monotonic()
        if self._batch_events:
            self._events_metric.inc(self._batch_events)
            self._batch_events = 0
        malformed = self.client.malformed_frames
        if malformed > self._malformed_seen:
            metrics.MALFORMED.labels(self.name).inc(malformed - self._malformed_seen)
            self._malformed_seen = malformed
        delta = self.state.take_delta(time.time())
        if not LiveState.delta_is_empty(delta):
            self._outbox.put_nowait(("delta", delta, started))

    def _queue_snapshot(self, now: float, started: float) -> None:
        self._snapshot_pending = True
        self._outbox.put_nowait(("snapshot", self.state.snapshot(now), started))
