"""Watchers run beside the bridges: one process at a time per watcher (a lease), passes that survive errors."""

from __future__ import annotations

import asyncio
import threading

import pytest
from django.conf import settings

from callcenter.core.lease import Lease, LeaseTiming, redis_client
from callcenter.live import watchers

TIMING = LeaseTiming(ttl_ms=600, renew_ms=100)


def _lease(name: str) -> Lease:
    client = redis_client(settings.REDIS_URL)
    assert client is not None, "the watcher tests need REDIS_URL"
    client.delete(f"cc:lease:watch:{name}")
    return Lease(client, f"watch:{name}", TIMING)


async def _run_until(done: threading.Event, *tasks: asyncio.Task[None], stop: asyncio.Event) -> None:
    assert await asyncio.to_thread(done.wait, 10), "the watcher did not run its passes within 10 s"
    stop.set()
    await asyncio.gather(*tasks)


def test_two_processes_run_a_watcher_one_at_a_time() -> None:
    runs: list[str] = []
    lock = threading.Lock()
    done = threading.Event()

    def work(who: str) -> None:
        with lock:
            runs.append(who)
            if len(runs) >= 20:
                done.set()

    async def main() -> None:
        stop = asyncio.Event()
        first = watchers.Watcher("w1", lambda: work("first"), lambda: 0.01)
        second = watchers.Watcher("w1", lambda: work("second"), lambda: 0.01)
        lease_a, lease_b = _lease("w1"), Lease(redis_client(settings.REDIS_URL), "watch:w1", TIMING)
        task_a = asyncio.create_task(watchers.run_watcher(first, stop, lease_a))
        task_b = asyncio.create_task(watchers.run_watcher(second, stop, lease_b))
        await _run_until(done, task_a, task_b, stop=stop)
        assert lease_a.holder() is None  # released on stop

    asyncio.run(main())
    assert len(set(runs)) == 1  # the holder kept the lease; the standby never ran


def test_a_failing_pass_is_logged_and_the_next_one_runs(caplog: pytest.LogCaptureFixture) -> None:
    runs: list[int] = []
    done = threading.Event()

    def flaky() -> None:
        runs.append(len(runs))
        if len(runs) >= 3:
            done.set()
        if len(runs) == 1:
            raise RuntimeError("the first pass fails")

    async def main() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(
            watchers.run_watcher(watchers.Watcher("w2", flaky, lambda: 0.01), stop, _lease("w2"))
        )
        await _run_until(done, task, stop=stop)

    asyncio.run(main())
    assert "event=watcher_failed watcher=w2" in caplog.text


def test_the_wallboard_registers_the_phone_follower() -> None:
    assert "follow-phones" in {watcher.name for watcher in watchers.registered()}
