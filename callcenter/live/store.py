"""Where the bridge keeps the live state so that a new wallboard or the dialer can read it at once.

With Redis (``settings.REDIS_URL``) each Asterisk node has a few keys, updated per delta in one
MULTI/EXEC transaction, so a reader never sees half a change::

    cc:live:servers                 set of server names
    cc:live:<server>:meta           hash: version, server, generated_at, day, channels (JSON)
    cc:live:<server>:calls          hash: callid -> call JSON (active calls)
    cc:live:<server>:agents         hash: interface -> agent JSON
    cc:live:<server>:queues         hash: queue name -> queue JSON
    cc:live:<server>:endpoints      hash: PJSIP endpoint name -> endpoint JSON (trunks and phones)
    cc:live:<server>:recent         list: finished calls, newest first (bounded)
    cc:live:<server>:marker         string: a new random token with every full snapshot
    cc:live:<server>:heartbeat      string: time of the bridge's last beat; expires (PX) after the TTL

A node is *connected* while its heartbeat key exists: the bridge refreshes it every second or so while
its AMI link is logged in and deletes it when the link drops, and it expires by itself when the bridge
dies or hangs. The marker lets the bridge notice a Redis that lost its data (restart, FLUSHDB, failover):
a deleted or different marker means the full snapshot must be written again.

Without Redis (the embedded demo: one process) the same data lives in process memory, heartbeat expiry
included. ``read_snapshot(server)`` returns the shape of ``LiveState.snapshot()``; ``read_all()`` merges
every node.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import redis
import redis.asyncio as aredis
from django.conf import settings

from callcenter.live.state import AGENT_STATES, SNAPSHOT_VERSION

PREFIX = "cc:live"
RECENT_LIMIT = 200
_SECTIONS = ("calls", "agents", "queues", "endpoints")
_KEYED = ("agents", "queues", "endpoints")  # sections a delta sets (a value) or removes (None) by key
# PUBLISHes to make in the same transaction as a write: (Redis pub/sub channel, message bytes).
Publishes = Sequence[tuple[str, bytes]]


def _key(server: str, part: str) -> str:
    return f"{PREFIX}:{server}:{part}"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def new_marker() -> str:
    return secrets.token_hex(8)


def _ttl_ms(ttl_ms: int | None) -> int:
    return int(ttl_ms if ttl_ms is not None else getattr(settings, "LIVE_HEARTBEAT_TTL_MS", 3000))


@dataclass(frozen=True)
class StoreCheck:
    """What a heartbeat write saw in the store: the marker of the last full snapshot (None: gone) and the
    identity of the Redis instance (its ``run_id``; None for the memory store)."""

    marker: str | None
    instance: str | None


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
        self, server: str, snapshot: Mapping[str, Any], marker: str | None = None, publish: Publishes = ()
    ) -> None:
        """``publish`` is for the Redis store only (there is no pub/sub without Redis)."""
        entry = self._server(server)
        entry["meta"] = _meta(snapshot)
        self.markers[server] = marker or new_marker()
        for section in _SECTIONS:
            entry[section] = json.loads(_dumps(snapshot.get(section) or {}))
        entry["recent"] = [json.loads(_dumps(call)) for call in reversed(snapshot["recent_calls"])][
            :RECENT_LIMIT
        ]

    async def apply_delta(
        self, server: str, delta: Mapping[str, Any], now: float, day: str | None, publish: Publishes = ()
    ) -> None:
        entry = self._server(server)
        entry["meta"].update({"generated_at": now, "day": day, "server": server, "version": SNAPSHOT_VERSION})
        if "channels" in delta:
            entry["meta"]["channels"] = delta["channels"]
        for callid, call in delta["calls"].items():
            if call is None or call.get("final"):
                entry["calls"].pop(callid, None)
                if call is not None:
                    entry["recent"].insert(0, call)
                    del entry["recent"][RECENT_LIMIT:]
            else:
                entry["calls"][callid] = call
        for section in _KEYED:
            for key, value in (delta.get(section) or {}).items():
                if value is None:
                    entry[section].pop(key, None)
                else:
                    entry[section][key] = value

    async def set_connected(self, server: str, connected: bool, ttl_ms: int | None = None) -> None:
        """Beat (``connected``: the heartbeat lives ``ttl_ms``, by default LIVE_HEARTBEAT_TTL_MS) or end it."""
        self._server(server)
        if connected:
            self.heartbeats[server] = time.monotonic() + _ttl_ms(ttl_ms) / 1000
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

    def read_snapshot(self, server: str) -> dict[str, Any] | None:
        entry = self.data.get(server)
        if entry is None:
            return None
        return _assemble(
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


def _meta(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "version": snapshot["version"],
        "server": snapshot["server"],
        "generated_at": snapshot["generated_at"],
        "day": snapshot["day"],
        "channels": snapshot["channels"],
    }


def _assemble(
    server: str,
    meta: Mapping[str, Any],
    connected: bool,
    calls: Mapping[str, Any],
    agents: Mapping[str, Any],
    queues: Mapping[str, Any],
    recent: list[Any],
    endpoints: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "version": meta.get("version", SNAPSHOT_VERSION),
        "server": server,
        "generated_at": meta.get("generated_at"),
        "day": meta.get("day"),
        "connected": connected,
        "calls": dict(calls),
        "recent_calls": list(reversed(recent)),
        "agents": dict(sorted(agents.items())),
        "queues": dict(sorted(queues.items())),
        "channels": meta.get("channels") or {"total": 0, "by_tech": {}, "by_trunk": {}},
        "endpoints": dict(sorted((endpoints or {}).items())),
    }


class RedisStore:
    """The Redis store (see the module docstring for the keys)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._async: aredis.Redis | None = None

    def _client(self) -> aredis.Redis:
        if self._async is None:
            self._async = aredis.Redis.from_url(self.url, decode_responses=True)
        return self._async

    async def write_snapshot(
        self, server: str, snapshot: Mapping[str, Any], marker: str | None = None, publish: Publishes = ()
    ) -> None:
        """Replace the node's keys with ``snapshot`` in one transaction, with a new ``marker``; then, in
        the same transaction, PUBLISH each of ``publish``."""
        async with self._client().pipeline(transaction=True) as pipe:
            pipe.sadd(f"{PREFIX}:servers", server)
            for part in (*_SECTIONS, "meta", "recent"):
                pipe.delete(_key(server, part))
            meta_fields: dict[str | bytes, str] = {k: _dumps(v) for k, v in _meta(snapshot).items()}
            pipe.hset(_key(server, "meta"), mapping=meta_fields)
            pipe.set(_key(server, "marker"), marker or new_marker())
            for section in _SECTIONS:
                if snapshot.get(section):
                    fields: dict[str | bytes, str] = {k: _dumps(v) for k, v in snapshot[section].items()}
                    pipe.hset(_key(server, section), mapping=fields)
            recent = [_dumps(call) for call in snapshot["recent_calls"][-RECENT_LIMIT:]]
            if recent:
                pipe.lpush(_key(server, "recent"), *recent)
            for channel, message in publish:
                pipe.publish(channel, message)
            await pipe.execute()

    async def apply_delta(
        self, server: str, delta: Mapping[str, Any], now: float, day: str | None, publish: Publishes = ()
    ) -> None:
        """Apply one delta in one transaction; then, in the same transaction, PUBLISH each of ``publish``
        (a reader woken by one of them finds the store updated): one round trip in all."""
        async with self._client().pipeline(transaction=True) as pipe:
            pipe.sadd(f"{PREFIX}:servers", server)
            meta: dict[str | bytes, str] = {
                "generated_at": _dumps(now),
                "day": _dumps(day),
                "server": _dumps(server),
                "version": _dumps(SNAPSHOT_VERSION),
            }
            if "channels" in delta:
                meta["channels"] = _dumps(delta["channels"])
            pipe.hset(_key(server, "meta"), mapping=meta)
            for callid, call in delta["calls"].items():
                if call is None or call.get("final"):
                    pipe.hdel(_key(server, "calls"), callid)
                    if call is not None:
                        pipe.lpush(_key(server, "recent"), _dumps(call))
                else:
                    pipe.hset(_key(server, "calls"), callid, _dumps(call))
            pipe.ltrim(_key(server, "recent"), 0, RECENT_LIMIT - 1)
            for section in _KEYED:
                for key, value in (delta.get(section) or {}).items():
                    if value is None:
                        pipe.hdel(_key(server, section), key)
                    else:
                        pipe.hset(_key(server, section), key, _dumps(value))
            for channel, message in publish:
                pipe.publish(channel, message)
            await pipe.execute()

    async def set_connected(self, server: str, connected: bool, ttl_ms: int | None = None) -> None:
        """Beat (``connected``: the heartbeat lives ``ttl_ms``, by default LIVE_HEARTBEAT_TTL_MS) or end it."""
        async with self._client().pipeline(transaction=True) as pipe:
            pipe.sadd(f"{PREFIX}:servers", server)
            self._queue_beat(pipe, server, connected, ttl_ms)
            await pipe.execute()

    @staticmethod
    def _queue_beat(pipe: Any, server: str, connected: bool, ttl_ms: int | None) -> None:
        if connected:
            pipe.set(_key(server, "heartbeat"), f"{time.time():.3f}", px=_ttl_ms(ttl_ms))
        else:
            pipe.delete(_key(server, "heartbeat"))

    async def beat(self, server: str, connected: bool, ttl_ms: int | None = None) -> StoreCheck:
        """The bridge's heartbeat: refresh (or end) it and report the snapshot marker and Redis' run_id."""
        client = self._client()
        async with client.pipeline(transaction=False) as pipe:
            self._queue_beat(pipe, server, connected, ttl_ms)
            pipe.get(_key(server, "marker"))
            results = await pipe.execute()
        info = await client.info("server")
        run_id = info.get("run_id")
        return StoreCheck(results[1], str(run_id) if run_id else None)

    async def link_status(self) -> dict[str, bool]:
        """Every node the store knows and whether its heartbeat is present."""
        client = self._client()
        servers = sorted(await client.smembers(f"{PREFIX}:servers"))
        if not servers:
            return {}
        async with client.pipeline(transaction=False) as pipe:
            for server in servers:
                pipe.exists(_key(server, "heartbeat"))
            present = await pipe.execute()
        return {server: bool(alive) for server, alive in zip(servers, present, strict=True)}

    async def delete(self, server: str) -> None:
        client = self._client()
        await client.delete(
            *[_key(server, part) for part in (*_SECTIONS, "meta", "recent", "marker", "heartbeat")]
        )
        await client.srem(f"{PREFIX}:servers", server)

    def read_snapshot(self, server: str) -> dict[str, Any] | None:
        with redis.Redis.from_url(self.url, decode_responses=True) as client, client.pipeline() as pipe:
            pipe.hgetall(_key(server, "meta"))
            for section in _SECTIONS:
                pipe.hgetall(_key(server, section))
            pipe.lrange(_key(server, "recent"), 0, -1)
            pipe.exists(_key(server, "heartbeat"))
            meta_raw, calls, agents, queues, endpoints, recent, heartbeat = pipe.execute()
        if not meta_raw:
            return None
        meta = {k: json.loads(v) for k, v in meta_raw.items() if k != "connected"}
        return _assemble(
            server,
            meta,
            bool(heartbeat),
            {k: json.loads(v) for k, v in calls.items()},
            {k: json.loads(v) for k, v in agents.items()},
            {k: json.loads(v) for k, v in queues.items()},
            [json.loads(v) for v in recent],
            {k: json.loads(v) for k, v in endpoints.items()},
        )

    def is_connected(self, server: str) -> bool:
        with redis.Redis.from_url(self.url, decode_responses=True) as client:
            return bool(client.exists(_key(server, "heartbeat")))

    def servers(self) -> list[str]:
        with redis.Redis.from_url(self.url, decode_responses=True) as client:
            return sorted(client.smembers(f"{PREFIX}:servers"))

    async def close(self) -> None:
        if self._async is not None:
            await self._async.aclose()  # type: ignore[attr-defined]
            self._async = None


Store = MemoryStore | RedisStore
_memory_store = MemoryStore()


def get_store() -> Store:
    """The Redis store when ``settings.REDIS_URL`` is set, else the process-wide memory store."""
    url = getattr(settings, "REDIS_URL", None)
    return RedisStore(url) if url else _memory_store


def read_snapshot(server_name: str) -> dict[str, Any]:
    """The live snapshot of one node (``LiveState.snapshot`` shape plus ``connected``: the bridge's
    heartbeat is present); an empty snapshot with ``connected: false`` when none was ever written."""
    snapshot = get_store().read_snapshot(server_name)
    if snapshot is None:
        return _assemble(server_name, {}, False, {}, {}, {}, [])
    return snapshot


def is_connected(server_name: str) -> bool:
    """Whether the bridge of this node is alive with its AMI event stream logged in: its heartbeat key is
    present (False if it never ran, once it logged off, and within the TTL of it dying or hanging)."""
    return get_store().is_connected(server_name)


def read_all() -> dict[str, Any]:
    """Every node merged. Calls and agents carry a ``server`` key; queues of the same name on several
    nodes are added up (waiting callers, agents by state, today's counters; longest wait is the max);
    endpoints are keyed ``<server>/<name>`` and carry ``server`` too."""
    store = get_store()
    merged: dict[str, Any] = {
        "version": SNAPSHOT_VERSION,
        "servers": {},
        "calls": {},
        "recent_calls": [],
        "agents": {},
        "queues": {},
        "channels": {"total": 0, "by_tech": {}, "by_trunk": {}},
        "endpoints": {},
    }
    for server in store.servers():
        snapshot = store.read_snapshot(server)
        if snapshot is None:
            continue
        merged["servers"][server] = {
            "connected": snapshot["connected"],
            "generated_at": snapshot["generated_at"],
            "day": snapshot["day"],
        }
        for callid, call in snapshot["calls"].items():
            merged["calls"][callid] = {**call, "server": server}
        merged["recent_calls"] += [{**call, "server": server} for call in snapshot["recent_calls"]]
        for interface, agent in snapshot["agents"].items():
            merged["agents"][interface] = {**agent, "server": server}
        for name, queue in snapshot["queues"].items():
            merged["queues"][name] = _merge_queue(merged["queues"].get(name), queue)
        for name, endpoint in snapshot["endpoints"].items():
            # The same trunk may exist on several nodes: endpoints are keyed "<server>/<name>".
            merged["endpoints"][f"{server}/{name}"] = {**endpoint, "server": server}
        channels = merged["channels"]
        channels["total"] += snapshot["channels"]["total"]
        for part in ("by_tech", "by_trunk"):
            for key, count in snapshot["channels"][part].items():
                channels[part][key] = channels[part].get(key, 0) + count
    merged["recent_calls"].sort(key=lambda call: call.get("ended_at") or 0.0)
    return merged


def _merge_queue(current: dict[str, Any] | None, queue: Mapping[str, Any]) -> dict[str, Any]:
    if current is None:
        return json.loads(_dumps(queue))
    current["waiting"] = sorted(
        [*current["waiting"], *queue["waiting"]], key=lambda w: w.get("joined_at") or 0.0
    )
    current["waiting_count"] = len(current["waiting"])
    current["longest_wait_s"] = max(current["longest_wait_s"], queue["longest_wait_s"])
    for state in (*AGENT_STATES, "total"):
        current["agents"][state] = current["agents"].get(state, 0) + queue["agents"].get(state, 0)
    for counter, value in queue["today"].items():
        current["today"][counter] = current["today"].get(counter, 0) + value
    offered = current["today"].get("offered", 0)
    within = current["today"].get("answered_within_sl", 0)
    current["service_level_pct"] = round(100.0 * within / offered, 1) if offered else None
    return current
