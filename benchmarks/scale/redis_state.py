"""The benchmark's Redis database: server INFO, its own keys' memory, flushing, the bridge's heartbeats."""

from __future__ import annotations

from typing import Any

import redis
from django.conf import settings


def redis_info(section: str) -> dict[str, Any]:

    with redis.Redis.from_url(str(settings.REDIS_URL)) as client:
        return dict(client.info(section))


def redis_cpu() -> float:
    info = redis_info("cpu")
    return float(info.get("used_cpu_user", 0.0)) + float(info.get("used_cpu_sys", 0.0))


def redis_own_memory() -> tuple[int, int]:
    """(keys, bytes) of the benchmark's Redis database, by MEMORY USAGE of each key."""

    with redis.Redis.from_url(str(settings.REDIS_URL)) as client:
        keys = list(client.scan_iter(count=1000))
        used = sum(int(client.memory_usage(key, samples=0) or 0) for key in keys)
    return len(keys), used


def flush_own_redis() -> None:

    with redis.Redis.from_url(str(settings.REDIS_URL)) as client:
        client.flushdb()


def bridge_connected(names: list[str]) -> bool:

    from callcenter.live import store

    with redis.Redis.from_url(str(settings.REDIS_URL)) as client:
        return all(client.exists(f"{store.PREFIX}:{name}:heartbeat") for name in names)
