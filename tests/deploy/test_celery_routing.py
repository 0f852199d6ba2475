"""Celery routing against docker/compose.yaml: every task goes to a queue some worker service consumes.

A task sent to a queue no worker consumes waits in Redis forever (Celery's own default queue, "celery",
is one of them), so statistics, payroll and reports would silently stay empty in production.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from celery import Celery

from callcenter.celery import app as celery_app
from tests.deploy.conftest import REPO_ROOT, consumed_queues, routed_queue

# `@shared_task(name="...")` / `@app.task(name="...")` in the project's sources.
DECLARED_TASK = re.compile(r"@(?:shared_task|app\.task)\(\s*name=\"([^\"]+)\"")
CELERY_DEFAULT_QUEUE = "celery"
KOMBU_BINDINGS = "_kombu.binding*"


@pytest.fixture(scope="module")
def app() -> Celery:
    """The project's Celery app with every task module of every app imported (as a worker does)."""
    celery_app.loader.import_default_modules()
    return celery_app


@pytest.fixture(scope="module")
def consumed(compose_raw: dict[str, Any], app: Celery) -> set[str]:
    """Every queue some worker service of docker/compose.yaml consumes."""
    workers = consumed_queues(compose_raw, app.conf.task_default_queue)
    assert workers, "docker/compose.yaml runs no `celery worker` service"
    return set().union(*workers.values())


def test_every_task_declared_under_callcenter_is_registered(app: Celery) -> None:
    # Guards the tests below: they check the registered tasks, so a task module the app does not
    # discover would escape them (and would also never run in a worker).
    declared = {
        name
        for path in (REPO_ROOT / "callcenter").rglob("*.py")
        for name in DECLARED_TASK.findall(path.read_text())
    }
    assert declared, "no task found under callcenter/"
    assert declared - set(app.tasks) == set()


def test_the_default_queue_is_consumed_by_a_worker(app: Celery, consumed: set[str]) -> None:
    default = app.conf.task_default_queue
    assert default in consumed, f"no worker service consumes the default queue {default!r}"


def test_every_registered_task_goes_to_a_queue_a_worker_consumes(app: Celery, consumed: set[str]) -> None:
    stranded = {
        name: queue for name, task in app.tasks.items() if (queue := routed_queue(app, task)) not in consumed
    }
    assert stranded == {}, f"no worker service consumes the queue of {stranded} (workers consume {consumed})"


def test_every_beat_entry_sends_to_a_queue_a_worker_consumes(app: Celery, consumed: set[str]) -> None:
    schedule: dict[str, dict[str, Any]] = app.conf.beat_schedule
    assert schedule, "the beat schedule is empty"
    unknown = {key: entry["task"] for key, entry in schedule.items() if entry["task"] not in app.tasks}
    assert unknown == {}, f"beat entries name unregistered tasks: {unknown}"
    stranded = {
        key: queue
        for key, entry in schedule.items()
        if (queue := routed_queue(app, app.tasks[entry["task"]], entry.get("options"))) not in consumed
    }
    assert stranded == {}, f"no worker service consumes the queue of beat entries {stranded}"


@pytest.fixture
def broker(app: Celery, settings: Any) -> Iterator[redis.Redis[bytes]]:
    """redis-py on the broker's URL, with tasks really sent (not run in place).

    Sending declares the queue's binding keys; the ones that were not there before are removed after.
    """
    settings.CELERY_TASK_ALWAYS_EAGER = False
    url = str(app.conf.broker_url)
    assert url.startswith("redis://"), f"the broker must be the real Redis (REDIS_URL), not {url}"
    client = redis.Redis.from_url(url)
    bindings_before = set(client.keys(KOMBU_BINDINGS))
    yield client
    added = set(client.keys(KOMBU_BINDINGS)) - bindings_before
    if added:
        client.delete(*added)
    client.close()


def messages_of(client: redis.Redis[bytes], queue: str, task_id: str) -> list[bytes]:
    """The raw messages on a queue's list key that carry the given task id."""
    return [raw for raw in client.lrange(queue, 0, -1) if json.loads(raw)["headers"]["id"] == task_id]


@pytest.mark.parametrize(
    ("task_name", "args", "queue"),
    [
        ("callcenter.stats.tasks.load_queue_logs", (), "default"),
        ("callcenter.stats.tasks.build_report_run", (0,), "reports"),
        ("callcenter.dialer.settle_unknown", (), "dialer"),
    ],
)
def test_a_sent_task_lands_on_its_routed_queue_in_redis(
    app: Celery, broker: redis.Redis[bytes], task_name: str, args: tuple[int, ...], queue: str
) -> None:
    result = app.tasks[task_name].apply_async(args)
    try:
        assert len(messages_of(broker, queue, result.id)) == 1
        assert messages_of(broker, CELERY_DEFAULT_QUEUE, result.id) == []
    finally:
        for key in (queue, CELERY_DEFAULT_QUEUE):
            for raw in messages_of(broker, key, result.id):
                broker.lrem(key, 0, raw)


def test_the_dialers_pacing_loops_have_a_worker_of_their_own(
    compose_raw: dict[str, Any], app: Celery
) -> None:
    # A pacing loop holds its worker process for a minute: a worker shared with queue_log loading or
    # reports would hold those back for as long as campaigns run.
    pacing = routed_queue(app, app.tasks["callcenter.dialer.pace_campaign"])
    workers = consumed_queues(compose_raw, app.conf.task_default_queue)
    dialer_workers = {name: queues for name, queues in workers.items() if pacing in queues}
    assert dialer_workers, f"no worker service consumes the pacing queue {pacing!r}"
    assert all(queues == {pacing} for queues in dialer_workers.values()), dialer_workers
