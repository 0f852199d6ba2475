"""The Redis store: each node's keys, updated per delta in one MULTI/EXEC transaction."""

from __future__ import annotations

import json
import time
from typing import Any

import redis
import redis.asyncio as aredis

from callcenter.live.messages import Delta, Snapshot, StoredSnapshot
from callcenter.live.store.common import (
    PREFIX,
    RECENT_LIMIT,
    SECTIONS,
    Publishes,
    StoreCheck,
    assemble,
    delta_meta,
    dumps,
    keyed_of,
    meta_of,
    new_marker,
    redis_key,
    sections_of,
    ttl_ms_or_default,
)


class RedisStore:
    """The Redis store (see the module docstring for the keys)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._async: aredis.Redis[str] | None = None

    def _client(self) -> aredis.Redis[str]:
        if self._async is None:
            self._async = aredis.Redis.from_url(self.url, decode_responses=True)
        return self._async

    async def write_snapshot(
        self, server: str, snapshot: Snapshot, marker: str | None = None, publish: Publishes = ()
    ) -> None:
        """Replace the node's keys with ``snapshot`` in one transaction, with a new ``marker``; then, in
        the same transaction, PUBLISH each of ``publish``."""
        async with self._client().pipeline(transaction=True) as pipe:
            pipe.sadd(f"{PREFIX}:servers", server)
            for part in (*SECTIONS, "meta", "recent"):
                pipe.delete(redis_key(server, part))
            meta_fields: dict[str | bytes, str] = {k: dumps(v) for k, v in meta_of(snapshot).items()}
            pipe.hset(redis_key(server, "meta"), mapping=meta_fields)
            pipe.set(redis_key(server, "marker"), marker or new_marker())
            for section, values in sections_of(snapshot).items():
                if values:
                    fields: dict[str | bytes, str] = {k: dumps(v) for k, v in values.items()}
                    pipe.hset(redis_key(server, section), mapping=fields)
            recent = [dumps(call) for call in snapshot["recent_calls"][-RECENT_LIMIT:]]
            if recent:
                pipe.lpush(redis_key(server, "recent"), *recent)
            for channel, message in publish:
                pipe.publish(channel, message)
            await pipe.execute()

    async def apply_delta(
        self, server: str, delta: Delta, now: float, day: str | None, publish: Publishes = ()
    ) -> None:
        """Apply one delta in one transaction; then, in the same transaction, PUBLISH each of ``publish``
        (a reader woken by one of them finds the store updated): one round trip in all."""
        async with self._client().pipeline(transaction=True) as pipe:
            pipe.sadd(f"{PREFIX}:servers", server)
            meta: dict[str | bytes, str] = {
                k: dumps(v) for k, v in delta_meta(server, delta, now, day).items()
            }
            pipe.hset(redis_key(server, "meta"), mapping=meta)
            for callid, call in delta["calls"].items():
                if call is None or call.get("final"):
                    pipe.hdel(redis_key(server, "calls"), callid)
                    if call is not None:
                        pipe.lpush(redis_key(server, "recent"), dumps(call))
                else:
                    pipe.hset(redis_key(server, "calls"), callid, dumps(call))
            pipe.ltrim(redis_key(server, "recent"), 0, RECENT_LIMIT - 1)
            for section, changes in keyed_of(delta).items():
                for key, value in changes.items():
                    if value is None:
                        pipe.hdel(redis_key(server, section), key)
                    else:
                        pipe.hset(redis_key(server, section), key, dumps(value))
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
            pipe.set(redis_key(server, "heartbeat"), f"{time.time():.3f}", px=ttl_ms_or_default(ttl_ms))
        else:
            pipe.delete(redis_key(server, "heartbeat"))

    async def beat(self, server: str, connected: bool, ttl_ms: int | None = None) -> StoreCheck:
        """The bridge's heartbeat: refresh (or end) it and report the snapshot marker and Redis' run_id."""
        client = self._client()
        async with client.pipeline(transaction=False) as pipe:
            self._queue_beat(pipe, server, connected, ttl_ms)
            pipe.get(redis_key(server, "marker"))
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
                pipe.exists(redis_key(server, "heartbeat"))
            present = await pipe.execute()
        return {server: bool(alive) for server, alive in zip(servers, present, strict=True)}

    async def delete(self, server: str) -> None:
        client = self._client()
        await client.delete(
            *[redis_key(server, part) for part in (*SECTIONS, "meta", "recent", "marker", "heartbeat")]
        )
        await client.srem(f"{PREFIX}:servers", server)

    def read_snapshot(self, server: str) -> StoredSnapshot | None:
        with redis.Redis.from_url(self.url, decode_responses=True) as client, client.pipeline() as pipe:
            pipe.hgetall(redis_key(server, "meta"))
            for section in SECTIONS:
                pipe.hgetall(redis_key(server, section))
            pipe.lrange(redis_key(server, "recent"), 0, -1)
            pipe.exists(redis_key(server, "heartbeat"))
            meta_raw, calls, agents, queues, endpoints, recent, heartbeat = pipe.execute()
        if not meta_raw:
            return None
        meta = {k: json.loads(v) for k, v in meta_raw.items() if k != "connected"}
        return assemble(
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
            return bool(client.exists(redis_key(server, "heartbeat")))

    def servers(self) -> list[str]:
        with redis.Redis.from_url(self.url, decode_responses=True) as client:
            return sorted(client.smembers(f"{PREFIX}:servers"))

    async def close(self) -> None:
        if self._async is not None:
            await self._async.aclose()  # type: ignore[attr-defined]
            self._async = None
