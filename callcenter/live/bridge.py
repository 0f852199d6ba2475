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
import datetime as dt
import logging
import re
import time
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict, TypeVar

from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import BaseChannelLayer, InMemoryChannelLayer, get_channel_layer
from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import Q

from callcenter.ami.client import AMIClient
from callcenter.ami.errors import AMIError
from callcenter.ami.protocol import Message
from callcenter.live import endpoints, metrics
from callcenter.live.lease import NodeLease
from callcenter.live.publish import Wire, merge_deltas, wire_for
from callcenter.live.state import LiveState, ResyncCorrections
from callcenter.live.store import Store, StoreCheck, get_store, new_marker
from callcenter.live.subscribers import Fanout, Link, Subscriber, registered

logger = logging.getLogger(__name__)
_T = TypeVar("_T")

GROUP_ALL = "live.all"
GROUP_RESYNC = "live.resync"
_GROUP_SAFE = re.compile(r"^[A-Za-z0-9_.\-]{1,80}$")
RESYNC_TIMEOUT = 30.0
RESYNC_DELAY = 0.5
# Reload events after which app_queue's picture may have changed: the module itself, or everything.
_QUEUE_RELOADS = frozenset({"app_queue.so", "app_queue", "", "all"})
# Reloads after which trunks and registrations may have changed (the apply says so; no event is needed).
_PJSIP_RELOADS = frozenset({"res_pjsip.so", "res_pjsip"})


class ResyncRequest(TypedDict):
    """The message that asks the bridge of one node to re-read its state from Asterisk."""

    type: str  # "live.resync_request"
    server: str


def reloads_queues(message: Message) -> bool:
    """True for the ``Reload`` event of app_queue or of a full reload (Module empty or ``All``)."""
    return message.event == "Reload" and (message.get("Module") or "").strip().lower() in _QUEUE_RELOADS


def request_resync(server: str) -> None:
    """Ask the running bridge of ``server`` to re-read QueueStatus and CoreShowChannels (synchronous code,
    no running event loop in this thread). Without Redis (the embedded demo's in-process layer, which
    another thread must not write to) nothing is sent: the ``Reload`` event alone resyncs there."""
    layer = get_channel_layer()
    if layer is None or isinstance(layer, InMemoryChannelLayer):
        return
    message: ResyncRequest = {"type": "live.resync_request", "server": server}
    async_to_sync(layer.group_send)(GROUP_RESYNC, dict(message))


def resync_after_reload(server: str, modules: list[str]) -> None:
    """The configuration apply's reload listener: a node whose app_queue (or res_pjsip: trunks and their
    registrations) was reloaded is re-read.

    The bridge normally sees the ``Reload`` event too; this also covers a bridge whose AMI user does not
    read the ``system`` class; arriving close together, both make one resync."""
    if any(module.strip().lower() in _QUEUE_RELOADS | _PJSIP_RELOADS for module in modules):
        request_resync(server)


def queue_group(name: str) -> str:
    return f"live.queue.{name}"


def team_group(team_id: int) -> str:
    return f"live.team.{team_id}"


@dataclass
class ServerConfig:
    """What the bridge needs to know about one node (read from the database once at start)."""

    name: str
    host: str
    port: int
    username: str
    secret: str
    trunks: dict[str, str] = field(default_factory=dict)
    queue_settings: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class Routing:
    """Which team watches which agents and queues (refreshed from the database periodically)."""

    agent_teams: dict[str, int] = field(default_factory=dict)  # interface -> team id
    queue_teams: dict[str, set[int]] = field(default_factory=dict)  # queue name -> team ids


def _without_lingering_connection(func: Callable[[], _T]) -> _T:
    """Run a database read and close the connection: the daemon must not hold one open while idle."""
    close_old_connections()
    try:
        return func()
    finally:
        connection.close()


def load_configs(server_names: Iterable[str] | None = None) -> list[ServerConfig]:
    """Enabled servers (optionally only the named ones) with their trunks and queue settings."""
    from callcenter.pbx.models import AsteriskServer, Queue, Trunk

    servers = AsteriskServer.objects.filter(enabled=True).order_by("name")
    if server_names:
        servers = servers.filter(name__in=list(server_names))
    queue_settings = {
        row["name"]: {"service_level": row["service_level"], "wrapuptime": row["wrapuptime"]}
        for row in Queue.objects.values("name", "service_level", "wrapuptime")
    }
    configs = []
    for server in servers:
        trunks = {
            f"PJSIP/{name}": name
            for name in Trunk.objects.filter(Q(server=server) | Q(server__isnull=True)).values_list(
                "name", flat=True
            )
        }
        configs.append(
            ServerConfig(
                name=server.name,
                host=server.ami_host,
                port=server.ami_port,
                username=server.ami_username,
                secret=server.get_ami_secret(),
                trunks=trunks,
                queue_settings=queue_settings,
            )
        )
    return configs


def load_routing() -> Routing:
    from callcenter.agents.models import Agent, Team

    routing = Routing()
    for agent in Agent.objects.filter(team__isnull=False).only("interface", "extension", "team_id"):
        if agent.team_id is not None:
            routing.agent_teams[agent.effective_interface] = agent.team_id
    for team_id, queue_name in Team.queues.through.objects.values_list("team_id", "queue__name"):
        routing.queue_teams.setdefault(queue_name, set()).add(team_id)
    return routing


def split_delta(delta: Mapping[str, Any], routing: Routing) -> dict[str, dict[str, Any]]:
    """The parts of one delta each group may see: ``{group: {"calls", "agents", "queues"}}``."""
    groups: dict[str, dict[str, Any]] = {}

    def part(group: str) -> dict[str, Any]:
        if group not in groups:
            groups[group] = {"calls": {}, "agents": {}, "queues": {}}
        return groups[group]

    for name, queue in delta["queues"].items():
        part(queue_group(name))["queues"][name] = queue
        for team in routing.queue_teams.get(name, ()):
            part(team_group(team))["queues"][name] = queue
    for callid, call in delta["calls"].items():
        if call is None:
            # Dropped without an outcome (resync): its queue changed too, so it is in this delta.
            for name in delta["queues"]:
                part(queue_group(name))["calls"][callid] = None
            continue
        part(queue_group(call["queue"]))["calls"][callid] = call
        teams = set(routing.queue_teams.get(call["queue"], ()))
        agent_team = routing.agent_teams.get(call.get("agent_interface") or "")
        if agent_team is not None:
            teams.add(agent_team)
        for team in teams:
            part(team_group(team))["calls"][callid] = call
    for interface, agent in delta["agents"].items():
        # A removed agent (None) no longer lists its queues; the queues it left are in this delta.
        queue_names = list(agent["queues"]) if agent is not None else list(delta["queues"])
        for name in queue_names:
            part(queue_group(name))["agents"][interface] = agent
        agent_team = routing.agent_teams.get(interface)
        if agent_team is not None:
            part(team_group(agent_team))["agents"][interface] = agent
    return {group: body for group, body in groups.items() if _GROUP_SAFE.match(group)}


class ServerBridge:
    """The bridge for one node: client, reducer, store and publisher."""

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
        self.client.add_event_listener(self._on_event)
        self.client.add_connect_listener(self._on_connect)
        self.client.add_disconnect_listener(self._on_disconnect)
        self.client.latency_observer = self._observe_latency
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
        self._outbox: asyncio.Queue[tuple[str, Any, float]] = asyncio.Queue()
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

    # -- client callbacks ----------------------------------------------------------------------------
    def _on_event(self, message: Any) -> None:
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

    def _queue_snapshot(self, now: float, started: float) -> None:
        self._snapshot_pending = True
        self._outbox.put_nowait(("snapshot", self.state.snapshot(now), started))

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

    # -- publishing ----------------------------------------------------------------------------------
    async def _publish(self, group: str, message: dict[str, Any]) -> None:
        if self.layer is None:
            return
        try:
            await self.layer.group_send(group, message)
        except Exception:
            # A slow or absent consumer must never stop the bridge; the snapshot in the store stays right.
            logger.exception("event=live_publish_failed server=%s group=%s", self.name, group)

    def _messages(self, kind: str, payload: Any, base: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """The channel-layer messages of one outbox entry: ``live.all`` always, the per-queue and per-team
        groups only with ``scoped_groups`` (nothing in the project reads them; the boards filter)."""
        if kind == "delta":
            messages = [(GROUP_ALL, {"type": "live.delta", **base, **payload})]
            if self.scoped_groups:
                messages += [
                    (group, {"type": "live.delta", **base, **body})
                    for group, body in split_delta(payload, self.routing).items()
                ]
            return messages
        if kind == "snapshot":
            messages = [(GROUP_ALL, {"type": "live.resync", **base})]
            if self.scoped_groups:
                groups = {queue_group(name) for name in payload["queues"]} | {
                    team_group(team) for teams in self.routing.queue_teams.values() for team in teams
                }
                messages += [
                    (group, {"type": "live.resync", **base})
                    for group in sorted(groups)
                    if _GROUP_SAFE.match(group)
                ]
            return messages
        return [(GROUP_ALL, {"type": "live.status", **base, "connected": bool(payload)})]

    async def _send_after_store(self, messages: list[tuple[str, dict[str, Any]]]) -> None:
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
        base = {"server": self.name, "seq": self.seq}
        messages = self._messages(kind, payload, base)
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

    # -- heartbeat, store check and periodic resync ---------------------------------------------------------
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

    async def drain(self) -> None:
        """Wait until everything queued so far is stored and published (used by tests and shutdown)."""
        self._flush()
        await self._outbox.join()

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


@dataclass
class _Running:
    config: ServerConfig
    node: NodeLease[ServerBridge]
    stop: asyncio.Event
    task: asyncio.Task[None]

    @property
    def bridge(self) -> ServerBridge | None:
        """The node's bridge while this process holds the node's lease (``callcenter.live.lease``)."""
        return self.node.current

    @property
    def endpoint(self) -> tuple[str, int, str, str]:
        return _endpoint(self.config)


def _endpoint(config: ServerConfig) -> tuple[str, int, str, str]:
    return (config.host, config.port, config.username, config.secret)


async def _load(func: Callable[[], _T]) -> _T:
    return await sync_to_async(_without_lingering_connection)(func)


async def run_bridge(
    stop: asyncio.Event,
    server_names: list[str] | None = None,
    *,
    refresh_interval: float = 30.0,
    subscribers: Iterable[Subscriber] | None = None,
    on_start: Callable[[ServerBridge], None] | None = None,
    **client_options: Any,
) -> None:
    """Run the bridge for every enabled server (or the named ones) until ``stop`` is set.

    Each node's bridge feeds ``subscribers`` (by default every registered one, see
    ``callcenter.live.subscribers``); ``on_start`` is called with each node's bridge when it starts.
    With Redis a node's bridge runs only while this process holds the node's lease
    (``callcenter.live.lease.NodeLease``): other processes running the same node stand by.

    Every ``refresh_interval`` seconds the server list and the team routing are read again: a server
    added or enabled gets a connection, one disabled or deleted is logged off, one whose AMI address or
    credentials changed is reconnected; trunks and queue settings are updated in place.
    """
    store = get_store()
    layer = get_channel_layer()
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    routing = Routing()
    running: dict[str, _Running] = {}
    follower: asyncio.Task[None] | None = None
    control: str | None = None

    async def follow_requests(layer: BaseChannelLayer, control: str) -> None:
        """Resync requests from other processes (``request_resync``) for the nodes this bridge runs."""
        while True:
            try:
                message = await layer.receive(control)
            except Exception:
                logger.exception("event=live_resync_requests_failed")
                await asyncio.sleep(refresh_interval)
                continue
            if message.get("type") != "live.resync_request":
                continue
            entry = running.get(str(message.get("server") or ""))
            if entry is not None and entry.bridge is not None:
                entry.bridge.request_resync("requested")

    async def listen_for_requests() -> None:
        nonlocal follower, control
        if layer is None or isinstance(layer, InMemoryChannelLayer):
            return
        try:
            if control is None:
                control = await layer.new_channel()
                follower = asyncio.create_task(follow_requests(layer, control), name="live-resync-requests")
            # Again on every refresh: cheap, and the list-based Redis layer expires group memberships.
            await layer.group_add(GROUP_RESYNC, control)
        except Exception:
            logger.exception("event=live_resync_subscribe_failed")

    async def retire(name: str) -> None:
        entry = running.pop(name)
        entry.stop.set()
        await asyncio.gather(entry.task, return_exceptions=True)

    async def reconcile() -> None:
        await listen_for_requests()
        try:
            configs = await _load(lambda: load_configs(server_names))
            fresh = await _load(load_routing)
        except Exception:
            logger.exception("event=live_bridge_refresh_failed")
            return
        routing.agent_teams, routing.queue_teams = fresh.agent_teams, fresh.queue_teams
        wanted = {config.name: config for config in configs}
        for name in [
            n for n, entry in running.items() if n not in wanted or entry.endpoint != _endpoint(wanted[n])
        ]:
            logger.info("event=live_bridge_server_removed server=%s", name)
            await retire(name)
        for name, config in wanted.items():
            if name in running:
                entry = running[name]
                entry.config.trunks, entry.config.queue_settings = config.trunks, config.queue_settings
                if entry.bridge is not None:
                    state = entry.bridge.state
                    state.trunks, state.queue_settings = config.trunks, config.queue_settings
                continue

            def make_bridge(
                node_store: Store, node_layer: BaseChannelLayer | None, config: ServerConfig = config
            ) -> ServerBridge:
                # One per term of the node's lease; only the lease holder connects to the node.
                bridge = ServerBridge(
                    config,
                    store=node_store,
                    layer=node_layer,
                    routing=routing,
                    tz=tz,
                    subscribers=subscribers,
                    **client_options,
                )
                if on_start is not None:
                    on_start(bridge)
                return bridge

            node = NodeLease(name, make_bridge, store=store, layer=layer)
            bridge_stop = asyncio.Event()
            task = asyncio.create_task(node.run(bridge_stop), name=f"live-bridge-{name}")
            running[name] = _Running(config, node, bridge_stop, task)
            logger.info(
                "event=live_bridge_server_added server=%s host=%s port=%d", name, config.host, config.port
            )
        if not running:
            logger.warning("event=live_bridge_no_servers names=%s", server_names)

    try:
        while not stop.is_set():
            await reconcile()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=refresh_interval)
    finally:
        if follower is not None:
            follower.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await follower
        if layer is not None and control is not None:
            with contextlib.suppress(Exception):
                await layer.group_discard(GROUP_RESYNC, control)
        for name in list(running):
            await retire(name)
        await store.close()


__all__ = [
    "GROUP_ALL",
    "GROUP_RESYNC",
    "ResyncRequest",
    "Routing",
    "ServerBridge",
    "ServerConfig",
    "load_configs",
    "load_routing",
    "queue_group",
    "reloads_queues",
    "request_resync",
    "resync_after_reload",
    "run_bridge",
    "split_delta",
    "team_group",
]
