"""Pauses that last longer than their reason allows (``PauseReason.max_minutes``).

The live state knows, per queue member, whether it is paused, with which reason and since when
(``paused_since``: Asterisk's ``LastPause``). A pause runs over its limit at ``paused_since`` plus the
reason's limit; from then on the wallboard shows the alarm (the board's agent item carries that moment as
``pause_alarm_at``, so the browser raises and clears it on its own clock), and the ``check_pause_limits``
task e-mails the team's supervisors once per pause when ``PAUSE_LIMIT_EMAIL`` is on. The alarm ends with
the pause: an unpause clears ``paused_since`` and the board's next delta drops it.

Which pause has already been e-mailed is kept in Redis (one key per pause, so every worker agrees), or in
memory without Redis (the one-process demo).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import redis
from django.conf import settings

from callcenter.agents.models import PauseReason

PREFIX = "cc:wallboard:pause-alert"
# How long the "already e-mailed" mark of a pause is kept: longer than any pause lasts.
CLAIM_TTL_S = 3 * 24 * 3600
_memory: set[str] = set()


@dataclass(frozen=True)
class LongPause:
    """One member's pause with a limit: where, why, since when and when it runs over."""

    server: str
    interface: str
    member_name: str
    queue: str
    reason: str
    since: float
    limit_s: float

    @property
    def alarm_at(self) -> float:
        """The moment the pause runs over its reason's limit (Unix seconds)."""
        return self.since + self.limit_s

    def over_by(self, now: float) -> float:
        return now - self.alarm_at

    @property
    def key(self) -> str:
        """One pause of one member: the same until it ends (a new pause has another start)."""
        return f"{self.server}|{self.interface}|{self.reason}|{self.since:.0f}"


def pause_limits() -> dict[str, float]:
    """Every pause reason that has a limit, by code, in seconds."""
    limits: dict[str, float] = {}
    for reason in PauseReason.objects.filter(max_minutes__isnull=False):
        limit = reason.limit_s
        if limit is not None:
            limits[reason.code] = limit
    return limits


def limited_pause(
    server: str, interface: str, live: Mapping[str, Any], limits: Mapping[str, float]
) -> LongPause | None:
    """The member's pause that runs over its limit first (paused in several queues: the earliest one),
    or None when it is not paused with a reason that has a limit."""
    found: LongPause | None = None
    for queue, member in sorted((live.get("queues") or {}).items()):
        member = member or {}
        reason = member.get("pause_reason") or ""
        since = member.get("paused_since")
        if not member.get("paused") or reason not in limits or since is None:
            continue
        candidate = LongPause(
            server=server,
            interface=interface,
            member_name=str(live.get("name") or interface),
            queue=queue,
            reason=reason,
            since=float(since),
            limit_s=limits[reason],
        )
        if found is None or candidate.alarm_at < found.alarm_at:
            found = candidate
    return found


def long_pauses(
    snapshots: Mapping[str, Mapping[str, Any]], limits: Mapping[str, float], now: float
) -> list[LongPause]:
    """Every pause of every node that has run over its limit at ``now``, longest over first."""
    found = []
    for server, snapshot in sorted(snapshots.items()):
        for interface, live in sorted((snapshot.get("agents") or {}).items()):
            pause = limited_pause(server, interface, live or {}, limits)
            if pause is not None and pause.alarm_at <= now:
                found.append(pause)
    return sorted(found, key=lambda pause: pause.alarm_at)


def claim(pause: LongPause) -> bool:
    """Mark the pause as alerted; False when it already was (by this or another process)."""
    key = f"{PREFIX}:{pause.key}"
    if settings.REDIS_URL:
        with redis.Redis.from_url(settings.REDIS_URL) as client:
            return bool(client.set(key, "1", nx=True, ex=CLAIM_TTL_S))
    if key in _memory:
        return False
    _memory.add(key)
    return True


def release(pause: LongPause) -> None:
    """Forget the mark (the e-mail failed: the next check tries again)."""
    key = f"{PREFIX}:{pause.key}"
    if settings.REDIS_URL:
        with redis.Redis.from_url(settings.REDIS_URL) as client:
            client.delete(key)
    else:
        _memory.discard(key)
