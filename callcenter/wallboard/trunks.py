"""Which trunks a node cannot reach, from the qualify events Asterisk sends (ContactStatus, PeerStatus).

The live state counts the channels on each trunk; whether the carrier answers its OPTIONS pings is only
in these events. The bridge delivers them to the wallboard's subscriber (``spies.SpyTracker``), which records
them here; the state is kept in Redis (a
hash per node) so that every web process shows the same alarms, or in memory for the one-process demo.
"""

from __future__ import annotations

from typing import Any

import redis
from django.conf import settings

from callcenter.ami.protocol import Message

PREFIX = "cc:wallboard:trunks"
GROUP_MESSAGE = "wallboard.trunks"
_memory: dict[str, dict[str, bool]] = {}

_REACHABLE = {"reachable": True, "created": True, "unreachable": False, "removed": False}


def trunk_event(message: Message) -> tuple[str, bool] | None:
    """(trunk endpoint, reachable) for a qualify event, None for anything else or an unclear status."""
    name = (message.event or "").lower()
    if name == "contactstatus":
        endpoint = message.get("EndpointName") or message.get("AOR") or ""
        status = (message.get("ContactStatus") or "").lower()
    elif name == "peerstatus":
        endpoint = (message.get("Peer") or "").partition("/")[2]
        status = (message.get("PeerStatus") or "").lower()
    else:
        return None
    if not endpoint or status not in _REACHABLE:
        return None
    return endpoint, _REACHABLE[status]


def _key(server: str) -> str:
    return f"{PREFIX}:{server}"


def record(server: str, trunk: str, reachable: bool) -> bool:
    """Store a trunk's reachability; True when it changed."""
    if settings.REDIS_URL:
        with redis.Redis.from_url(settings.REDIS_URL) as client:
            before = client.hget(_key(server), trunk)
            client.hset(_key(server), trunk, "1" if reachable else "0")
        return before != (b"1" if reachable else b"0")
    states = _memory.setdefault(server, {})
    changed = states.get(trunk) != reachable
    states[trunk] = reachable
    return changed


def down(server: str) -> list[str]:
    """The trunks of a node whose last qualify failed, sorted."""
    if settings.REDIS_URL:
        with redis.Redis.from_url(settings.REDIS_URL, decode_responses=True) as client:
            states = client.hgetall(_key(server))
        return sorted(trunk for trunk, flag in states.items() if flag == "0")
    return sorted(trunk for trunk, reachable in _memory.get(server, {}).items() if not reachable)


def message_for(server: str) -> dict[str, Any]:
    """The channel-layer message that tells the boards a node's trunk alarms."""
    return {"type": GROUP_MESSAGE, "server": server, "trunks_down": down(server)}
