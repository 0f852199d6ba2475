"""How the bridge's publisher turns its outbox into store writes and channel-layer messages.

Deltas that wait in a node's outbox while the previous write is on its way are merged into one before
they are written (``merge_deltas``): a later value of the same call, agent, queue or endpoint wins, a
removal (None) is kept, a finished call is kept even if a resync dropped it afterwards. Each merged
delta gets one sequence number, so boards that watch ``seq`` for gaps see none.

When the channel layer is the Redis pub/sub layer on the same Redis as the store (``wire_for``), the
PUBLISHes go into the store's own MULTI/EXEC: one round trip writes the delta and tells every web
process, and a reader woken by the message always finds the store updated. With another layer (the
in-memory one, or Redis elsewhere) the publisher writes the store and then calls ``group_send``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar
from urllib.parse import urlsplit

from channels.layers import BaseChannelLayer

from callcenter.live.messages import Delta, LiveMessage
from callcenter.live.store import RedisStore, Store

# One channel-layer message on the wire: (Redis pub/sub channel, serialized message).
Wire = Callable[[str, LiveMessage], tuple[str, bytes]]
_V = TypeVar("_V")


def _ended(call: object) -> bool:
    return isinstance(call, Mapping) and bool(call.get("final"))


def _merged(
    older: Mapping[str, _V] | None, newer: Mapping[str, _V] | None, keep_ended: bool = False
) -> dict[str, _V]:
    target = dict(older or {})
    for key, value in (newer or {}).items():
        if keep_ended and value is None and _ended(target.get(key)):
            continue  # dropped by a resync after it ended: the ended call still goes to the recent list
        target.pop(key, None)
        target[key] = value
    return target


def merge_deltas(older: Delta, newer: Delta) -> Delta:
    """One delta with the effect of ``older`` then ``newer`` on the store and on a board.

    Keys keep the order in which they last changed, and a call that ended moves to the end: the store
    pushes finished calls onto its recent list in that order, as it would have delta by delta."""
    merged: Delta = {
        "calls": _merged(older.get("calls"), newer.get("calls"), keep_ended=True),
        "agents": _merged(older.get("agents"), newer.get("agents")),
        "queues": _merged(older.get("queues"), newer.get("queues")),
    }
    endpoints = _merged(older.get("endpoints"), newer.get("endpoints"))
    if endpoints or "endpoints" in older or "endpoints" in newer:
        merged["endpoints"] = endpoints
    if "channels" in newer:
        merged["channels"] = newer["channels"]
    elif "channels" in older:
        merged["channels"] = older["channels"]
    return merged


def _address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return (parts.hostname or "localhost", parts.port or 6379)


def wire_for(layer: BaseChannelLayer | None, store: Store) -> Wire | None:
    """How to serialize a group message for a PUBLISH in the store's pipeline, or None when the layer
    is not the Redis pub/sub layer of a single Redis that is also the store's (call in the event loop)."""
    if not isinstance(store, RedisStore) or layer is None:
        return None
    try:
        from channels_redis.pubsub import RedisPubSubChannelLayer
    except ImportError:  # pragma: no cover - channels_redis is a dependency
        return None
    if not isinstance(layer, RedisPubSubChannelLayer):
        return None
    loop_layer = layer._get_layer()
    shards = getattr(loop_layer, "_shards", [])
    if len(shards) != 1 or not isinstance(shards[0].host, dict) or "address" not in shards[0].host:
        return None
    if _address(str(shards[0].host["address"])) != _address(store.url):
        return None

    def wire(group: str, message: LiveMessage) -> tuple[str, bytes]:
        return loop_layer._get_group_channel_name(group), layer.serialize(dict(message))

    return wire


__all__ = ["Wire", "merge_deltas", "wire_for"]
