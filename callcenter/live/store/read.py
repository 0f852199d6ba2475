"""Reading the live state from wherever the bridge keeps it: one node, every node merged, a node's link."""

from __future__ import annotations

import json
from typing import cast

from django.conf import settings

from callcenter.live.messages import AllNodes, QueueView, StoredSnapshot, empty_channels
from callcenter.live.state import AGENT_STATES, SNAPSHOT_VERSION
from callcenter.live.store.common import assemble, dumps
from callcenter.live.store.memory import MemoryStore
from callcenter.live.store.redis_store import RedisStore

Store = MemoryStore | RedisStore
_memory_store = MemoryStore()


def get_store() -> Store:
    """The Redis store when ``settings.REDIS_URL`` is set, else the process-wide memory store."""
    url = getattr(settings, "REDIS_URL", None)
    return RedisStore(url) if url else _memory_store


def read_snapshot(server_name: str) -> StoredSnapshot:
    """The live snapshot of one node (``LiveState.snapshot`` shape plus ``connected``: the bridge's
    heartbeat is present); an empty snapshot with ``connected: false`` when none was ever written."""
    snapshot = get_store().read_snapshot(server_name)
    if snapshot is None:
        return assemble(server_name, {}, False, {}, {}, {}, [])
    return snapshot


def is_connected(server_name: str) -> bool:
    """Whether the bridge of this node is alive with its AMI event stream logged in: its heartbeat key is
    present (False if it never ran, once it logged off, and within the TTL of it dying or hanging)."""
    return get_store().is_connected(server_name)


def read_all() -> AllNodes:
    """Every node merged. Calls and agents carry a ``server`` key; queues of the same name on several
    nodes are added up (waiting callers, agents by state, today's counters; longest wait is the max);
    endpoints are keyed ``<server>/<name>`` and carry ``server`` too."""
    store = get_store()
    merged: AllNodes = {
        "version": SNAPSHOT_VERSION,
        "servers": {},
        "calls": {},
        "recent_calls": [],
        "agents": {},
        "queues": {},
        "channels": empty_channels(),
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


def _merge_queue(current: QueueView | None, queue: QueueView) -> QueueView:
    if current is None:
        return cast(QueueView, json.loads(dumps(queue)))
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
