"""Celery beat as one elected instance (``callcenter.core.beat.LeasedScheduler``): of two schedulers only
the lease holder sends; when it dies the other takes over, continuing from the last-run times.

Two schedulers in this process on real Redis (the test's own database index): the beat lease, the
last-run hash and the broker queue the probe entry is sent to."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.conf import settings

from callcenter.core.beat import LAST_RUN_KEY, LEASE_NAME, LeasedScheduler
from callcenter.core.lease import LeaseTiming, lease_key
from tests.asterisk.node import wait_until

TIMING = LeaseTiming(ttl_ms=600, renew_ms=150)
QUEUE = "cc-beat-test"


@pytest.fixture
def client() -> Iterator[redis.Redis[str]]:
    assert settings.REDIS_URL, "these tests need REDIS_URL"
    made = redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)
    keys = (lease_key(LEASE_NAME), LAST_RUN_KEY, QUEUE)
    made.delete(*keys)
    yield made
    made.delete(*keys)
    made.close()


@pytest.fixture
def app(client: redis.Redis[str]) -> Iterator[Celery]:
    """A Celery app on the test's Redis with one probe entry due every 50 ms."""
    probe = Celery("beat-test", broker=settings.REDIS_URL, set_as_current=False)
    probe.conf.beat_schedule = {"probe": {"task": "beat-test.probe", "schedule": 0.05}}
    probe.conf.task_default_queue = QUEUE
    yield probe
    probe.close()


@pytest.fixture
def make(app: Celery, tmp_path: Path) -> Iterator[Callable[[str], LeasedScheduler]]:
    made: list[LeasedScheduler] = []

    def scheduler(name: str) -> LeasedScheduler:
        instance = LeasedScheduler(app, schedule_filename=str(tmp_path / name), lease_timing=TIMING)
        made.append(instance)
        return instance

    yield scheduler
    for instance in made:
        instance.close()


def sent(scheduler: LeasedScheduler) -> int:
    return int(scheduler.schedule["probe"].total_run_count)


def tick_until(schedulers: list[LeasedScheduler], condition: Callable[[], bool], limit: float) -> float:
    """Tick every scheduler in turn (no sleeping: the lease and the schedule run on the clock) until
    ``condition()``; returns the seconds it took, fails after ``limit``."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < limit, "condition not met in time"
        for scheduler in schedulers:
            scheduler.tick()
    return time.monotonic() - started


def test_of_two_schedulers_only_the_lease_holder_sends(make: Callable[[str], LeasedScheduler]) -> None:
    first, second = make("first"), make("second")

    tick_until([first, second], lambda: sent(first) + sent(second) >= 5, 5.0)

    holder, standby = (first, second) if first.holding else (second, first)
    assert holder.holding and not standby.holding
    assert sent(standby) == 0
    assert sent(holder) >= 5


def test_when_the_holder_dies_the_standby_takes_over_within_ttl_plus_renewal(
    make: Callable[[str], LeasedScheduler],
) -> None:
    first, second = make("first"), make("second")
    tick_until([first], lambda: sent(first) >= 2, 5.0)
    assert first.holding
    before = sent(first)

    # first is gone without a word (kill -9): nobody ticks it again, its lease is not released.
    took = tick_until([second], lambda: sent(second) >= 1, 5.0)

    print(f"\nmeasured beat takeover: {took:.2f} s", file=sys.stderr)  # for docs/ha.md
    assert second.holding
    assert sent(first) == before
    assert took < (TIMING.ttl_ms + TIMING.renew_ms) / 1000 + 0.5


def test_a_clean_stop_hands_over_at_the_next_tick(make: Callable[[str], LeasedScheduler]) -> None:
    first, second = make("first"), make("second")
    tick_until([first, second], lambda: sent(first) >= 1, 5.0)
    first.close()

    took = tick_until([second], lambda: sent(second) >= 1, 5.0)

    assert took < TIMING.renew_ms / 1000 + 0.5


def test_the_new_holder_continues_from_the_last_run_the_old_one_recorded(
    make: Callable[[str], LeasedScheduler], app: Celery, client: redis.Redis[str]
) -> None:
    app.conf.beat_schedule["slow"] = {"task": "beat-test.slow", "schedule": 1.0}
    second, first = make("second"), make("first")  # both know "slow" since now: due in 1 s
    tick_until([first], lambda: first.schedule["slow"].total_run_count >= 1, 5.0)
    last_run = first.schedule["slow"].last_run_at
    assert last_run is not None
    assert client.hget(LAST_RUN_KEY, "slow") == last_run.isoformat()
    first.close()

    # Without the recorded time "slow" would be due for second at once (it has known it for 1 s).
    tick_until([second], lambda: sent(second) >= 3, 0.5)

    assert second.holding
    assert second.schedule["slow"].last_run_at == last_run
    assert second.schedule["slow"].total_run_count == 0


def _beat(schedule: Path, log: Path) -> subprocess.Popen[bytes]:
    """``celery beat`` as compose runs it, on this test's Redis; the queue_log entry is due every second."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "REDIS_URL": settings.REDIS_URL or "",
        "SECRET_KEY": settings.SECRET_KEY,
        "QUEUE_LOG_LOAD_INTERVAL": "1",
        "PYTHONUNBUFFERED": "1",
    }
    with log.open("ab") as output:
        return subprocess.Popen(
            [str(Path(sys.executable).parent / "celery"), "--app=callcenter", "beat", "--loglevel=info",
             f"--schedule={schedule}"],
            cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip


def _wait_for(condition: Callable[[], bool], limit: float) -> float:
    """Seconds until ``condition()`` holds (a child's log file: polled); fails after ``limit``."""
    started = time.monotonic()
    wait_until(condition, limit, "the beat log line")
    return time.monotonic() - started


@pytest.mark.timeout(300)
def test_two_beat_processes_one_sends_and_after_kill_9_the_other_does(
    client: redis.Redis[str], tmp_path: Path
) -> None:
    logs = {name: tmp_path / f"{name}.log" for name in ("first", "second")}
    processes = {name: _beat(tmp_path / name, log) for name, log in logs.items()}

    def text(name: str) -> str:
        return logs[name].read_text(errors="replace")

    def sends(name: str) -> int:
        return text(name).count("Sending due task stats-load-queue-logs")

    try:
        _wait_for(lambda: all("event=beat_lease_" in text(name) for name in logs), 240)
        holder = next(name for name in logs if "event=beat_lease_acquired" in text(name))
        standby = next(name for name in logs if name != holder)
        assert "event=beat_lease_standby" in text(standby)
        _wait_for(lambda: sends(holder) >= 3, 30)
        assert sends(standby) == 0

        processes[holder].kill()
        took = _wait_for(lambda: sends(standby) >= 1, 20)

        print(f"\nmeasured beat takeover after kill -9 (default lease timing): {took:.2f} s", file=sys.stderr)
        assert took < 10.0
        assert "event=beat_lease_acquired" in text(standby)
    finally:
        for process in processes.values():
            process.kill()
            process.wait(10)
        client.delete("default", "_kombu.binding.default")
