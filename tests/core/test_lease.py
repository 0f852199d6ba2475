"""The lease in Redis (``callcenter.core.lease``): acquire, renew, expiry, compare-and-set, release.

Real Redis: the test's own database index (REDIS_URL)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
import redis
from django.conf import settings

from callcenter.core.lease import Lease, LeaseTiming, holder_identity, lease_key, redis_client
from tests.asterisk.node import wait_until

FAST = LeaseTiming(ttl_ms=400, renew_ms=100)


@pytest.fixture
def client() -> Iterator[redis.Redis[str]]:
    made = redis_client(settings.REDIS_URL)
    assert made is not None, "these tests need REDIS_URL"
    made.delete(lease_key("test-role"))
    yield made
    made.delete(lease_key("test-role"))
    made.close()


def _until(condition: Callable[[], bool], limit: float) -> float:
    """Seconds until ``condition()`` holds; fails after ``limit``."""
    started = time.monotonic()
    wait_until(condition, limit, "the lease condition", interval=0.01)
    return time.monotonic() - started


def test_the_first_acquires_and_the_second_does_not(client: redis.Redis[str]) -> None:
    first, second = Lease(client, "test-role", FAST), Lease(client, "test-role", FAST)

    assert first.acquire()
    assert not second.acquire()
    assert first.held and not second.held
    assert second.holder() == first.token
    assert first.token.startswith(holder_identity() + ":")


def test_the_key_expires_after_the_ttl_and_another_takes_it(client: redis.Redis[str]) -> None:
    first, second = Lease(client, "test-role", FAST), Lease(client, "test-role", FAST)
    assert first.acquire()

    took = _until(second.acquire, 2.0)

    assert 0.2 < took < 1.0
    assert not first.held  # its own clock says so too: it stopped acting no later than the key expired
    assert client.get(lease_key("test-role")) == second.token


def test_renewal_keeps_the_lease_past_its_ttl(client: redis.Redis[str]) -> None:
    first, second = Lease(client, "test-role", FAST), Lease(client, "test-role", FAST)
    assert first.acquire()
    started = time.monotonic()
    while time.monotonic() - started < 1.0:  # 2.5 TTLs, renewed every 100 ms
        assert first.renew()
        assert not second.acquire()
        _until(lambda: first.remaining() < 0.3, 1.0)
    assert first.held


def test_renewal_with_a_stale_token_never_extends_another_holders_lease(client: redis.Redis[str]) -> None:
    stale, current = Lease(client, "test-role", FAST), Lease(client, "test-role", FAST)
    assert stale.acquire()
    client.delete(lease_key("test-role"))  # as if it had expired while the holder was paused
    assert current.acquire()
    ttl_before = client.pttl(lease_key("test-role"))

    assert not stale.renew()

    assert not stale.held
    assert client.get(lease_key("test-role")) == current.token
    assert client.pttl(lease_key("test-role")) <= ttl_before


def test_release_frees_the_lease_at_once_but_never_someone_elses(client: redis.Redis[str]) -> None:
    first, second = Lease(client, "test-role", FAST), Lease(client, "test-role", FAST)
    assert first.acquire()
    assert not second.release()  # not its lease: nothing deleted
    assert client.get(lease_key("test-role")) == first.token

    assert first.release()

    assert not first.held
    assert second.acquire()


def test_without_redis_the_lease_is_always_held() -> None:
    lease = Lease(None, "test-role", FAST)
    assert lease.acquire() and lease.renew() and lease.held
    assert lease.holder() == lease.token


def test_a_renewal_interval_over_half_the_ttl_is_refused() -> None:
    with pytest.raises(ValueError, match="at most half"):
        LeaseTiming(ttl_ms=1000, renew_ms=600)


@pytest.mark.parametrize(("ttl_ms", "renew_ms"), [(0, 0), (1000, 0), (-1000, 100), (0, -1)])
def test_a_timing_that_is_not_positive_is_refused(ttl_ms: int, renew_ms: int) -> None:
    with pytest.raises(ValueError, match="lease TTL and renewal interval must be positive"):
        LeaseTiming(ttl_ms=ttl_ms, renew_ms=renew_ms)


def test_a_renewal_at_exactly_half_the_ttl_is_allowed() -> None:
    timing = LeaseTiming(ttl_ms=1000, renew_ms=500)
    assert (timing.ttl_ms, timing.renew_ms) == (1000, 500)
