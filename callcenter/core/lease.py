"""A lease in Redis: at most one process at a time holds a named role (a node's AMI connection, the beat).

The key holds the holder's token (``<host>:<pid>:<random>``, so ``GET`` says who holds it) and expires
``ttl_ms`` after the last successful acquire or renewal::

    acquire:  SET key token NX PX ttl_ms
    renew:    if GET key == token then PEXPIRE key ttl_ms      (one Lua script: compare and set)
    release:  if GET key == token then DEL key                 (one Lua script)

A holder renews every ``renew_ms``. It counts its lease as valid until ``ttl_ms`` after it *sent* the last
successful acquire or renewal (Redis starts the expiry later than that, never earlier), so when it stops
acting at that moment (fencing) no other process can have acquired the key yet. A stale holder (paused,
cut off) can never extend or delete a lease someone else took since: the scripts compare the token.

Without Redis (``settings.REDIS_URL`` unset: one process, the embedded demo) every lease is held at once.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import time
from dataclasses import dataclass

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

PREFIX = "cc:lease"

_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


@dataclass(frozen=True)
class LeaseTiming:
    """How long a lease lives without renewal and how often its holder renews it (milliseconds)."""

    ttl_ms: int
    renew_ms: int

    def __post_init__(self) -> None:
        if self.ttl_ms <= 0 or self.renew_ms <= 0:
            raise ValueError("lease TTL and renewal interval must be positive")
        if self.renew_ms * 2 > self.ttl_ms:
            raise ValueError(
                f"lease renewal every {self.renew_ms} ms must be at most half its TTL of {self.ttl_ms} ms"
            )

    @classmethod
    def from_settings(cls) -> LeaseTiming:
        """LEASE_TTL_MS and LEASE_RENEW_MS (docs/ha.md)."""
        return cls(int(settings.LEASE_TTL_MS), int(settings.LEASE_RENEW_MS))


def holder_identity() -> str:
    """This process as a lease holder: host name and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def lease_key(name: str) -> str:
    return f"{PREFIX}:{name}"


def redis_client(url: str | None = None) -> redis.Redis[str] | None:
    """A client for the leases (short socket timeouts: a call never outlives a lease), None without Redis."""
    url = url if url is not None else getattr(settings, "REDIS_URL", None)
    if not url:
        return None
    return redis.Redis.from_url(url, decode_responses=True, socket_timeout=2.0, socket_connect_timeout=2.0)


class Lease:
    """One named lease as seen by one would-be holder. Not thread-safe: one owner calls it.

    ``client`` None means no Redis: the lease is always held (a single process has nobody to share with).
    """

    def __init__(self, client: redis.Redis[str] | None, name: str, timing: LeaseTiming) -> None:
        self.client = client
        self.name = name
        self.key = lease_key(name)
        self.timing = timing
        self.token = f"{holder_identity()}:{secrets.token_hex(6)}"
        self._valid_until = 0.0  # time.monotonic() until which this process may act as the holder
        self._renew_script = client.register_script(_RENEW) if client is not None else None
        self._release_script = client.register_script(_RELEASE) if client is not None else None

    # -- state ----------------------------------------------------------------------------------------
    @property
    def held(self) -> bool:
        """True while the last successful acquire or renewal is less than the TTL ago."""
        return self.client is None or time.monotonic() < self._valid_until

    @property
    def valid_until(self) -> float:
        """The ``time.monotonic()`` until which this holder may act (0: not held; inf without Redis)."""
        return float("inf") if self.client is None else self._valid_until

    def remaining(self) -> float:
        """Seconds the lease stays valid without a renewal (0 when not held)."""
        if self.client is None:
            return float("inf")
        return max(0.0, self._valid_until - time.monotonic())

    def holder(self) -> str | None:
        """The token of whoever holds the lease now (None: nobody)."""
        if self.client is None:
            return self.token
        value = self.client.get(self.key)
        return str(value) if value is not None else None

    # -- operations -----------------------------------------------------------------------------------
    def acquire(self) -> bool:
        """Take the lease if nobody holds it (or keep it if this holder does). True when held now."""
        if self.client is None:
            return True
        if self.held:
            return self.renew()
        sent = time.monotonic()
        if self.client.set(self.key, self.token, nx=True, px=self.timing.ttl_ms):
            self._valid_until = sent + self.timing.ttl_ms / 1000
            return True
        return False

    def renew(self) -> bool:
        """Extend the lease if this holder still has it (compare and set). False: lost, stop acting."""
        if self.client is None:
            return True
        if self._renew_script is None:
            raise RuntimeError("no renewal script")
        sent = time.monotonic()
        if self._renew_script(keys=[self.key], args=[self.token, self.timing.ttl_ms]):
            self._valid_until = sent + self.timing.ttl_ms / 1000
            return True
        self._valid_until = 0.0
        return False

    def release(self) -> bool:
        """Give the lease up if this holder still has it (compare and delete). True when deleted."""
        self._valid_until = 0.0
        if self.client is None:
            return True
        if self._release_script is None:
            raise RuntimeError("no release script")
        return bool(self._release_script(keys=[self.key], args=[self.token]))

    def forget(self) -> None:
        """Stop counting the lease as held without touching Redis (fencing after a failed renewal)."""
        self._valid_until = 0.0


__all__ = ["PREFIX", "Lease", "LeaseTiming", "holder_identity", "lease_key", "redis_client"]
