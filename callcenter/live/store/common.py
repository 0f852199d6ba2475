"""The keys, the encoding and the shapes the live stores share."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from callcenter.live.messages import (
    AgentView,
    CallView,
    Delta,
    EndpointView,
    QueueView,
    Snapshot,
    SnapshotMeta,
    StoredSnapshot,
    empty_channels,
)
from callcenter.live.state import SNAPSHOT_VERSION

PREFIX = "cc:live"
RECENT_LIMIT = 200
SECTIONS = ("calls", "agents", "queues", "endpoints")
KEYED = ("agents", "queues", "endpoints")  # sections a delta sets (a value) or removes (None) by key
# PUBLISHes to make in the same transaction as a write: (Redis pub/sub channel, message bytes).
Publishes = Sequence[tuple[str, bytes]]


def redis_key(server: str, part: str) -> str:
    return f"{PREFIX}:{server}:{part}"


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def new_marker() -> str:
    return secrets.token_hex(8)


def ttl_ms_or_default(ttl_ms: int | None) -> int:
    return int(ttl_ms if ttl_ms is not None else getattr(settings, "LIVE_HEARTBEAT_TTL_MS", 3000))


@dataclass(frozen=True)
class StoreCheck:
    """What a heartbeat write saw in the store: the marker of the last full snapshot (None: gone) and the
    identity of the Redis instance (its ``run_id``; None for the memory store)."""

    marker: str | None
    instance: str | None


def sections_of(snapshot: Snapshot) -> dict[str, Mapping[str, object]]:
    """The keyed sections of a snapshot (one hash each in Redis), by name (see ``SECTIONS``)."""
    return {
        "calls": snapshot.get("calls") or {},
        "agents": snapshot.get("agents") or {},
        "queues": snapshot.get("queues") or {},
        "endpoints": snapshot.get("endpoints") or {},
    }


def keyed_of(delta: Delta) -> dict[str, Mapping[str, object | None]]:
    """The sections of a delta that set (a value) or remove (None) entries by key (see ``KEYED``)."""
    return {
        "agents": delta.get("agents") or {},
        "queues": delta.get("queues") or {},
        "endpoints": delta.get("endpoints") or {},
    }


def meta_of(snapshot: Snapshot) -> SnapshotMeta:
    return {
        "version": snapshot["version"],
        "server": snapshot["server"],
        "generated_at": snapshot["generated_at"],
        "day": snapshot["day"],
        "channels": snapshot["channels"],
    }


def delta_meta(server: str, delta: Delta, now: float, day: str | None) -> dict[str, object]:
    """The meta fields a delta sets: when and for which day it was made, and the channels when it has them."""
    meta: dict[str, object] = {"generated_at": now, "day": day, "server": server, "version": SNAPSHOT_VERSION}
    if "channels" in delta:
        meta["channels"] = delta["channels"]
    return meta


def assemble(
    server: str,
    meta: Mapping[str, Any],
    connected: bool,
    calls: Mapping[str, CallView],
    agents: Mapping[str, AgentView],
    queues: Mapping[str, QueueView],
    recent: list[CallView],
    endpoints: Mapping[str, EndpointView] | None = None,
) -> StoredSnapshot:
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
        "channels": meta.get("channels") or empty_channels(),
        "endpoints": dict(sorted((endpoints or {}).items())),
    }
