"""Celery tasks and the beat schedule of the statistics app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from celery.schedules import crontab

from callcenter.stats.models import QueueLogLine
from callcenter.stats.tasks import load_server_queue_log, run_report_schedules
from tests.factories import AsteriskServerFactory
from tests.stats.scenario import LINES


def test_beat_schedule_loads_every_minute_and_reports_nightly(settings: Any) -> None:
    assert settings.CELERY_BEAT_SCHEDULE["stats-load-queue-logs"] == {
        "task": "callcenter.stats.tasks.load_queue_logs",
        "schedule": 60.0,
    }
    nightly = settings.CELERY_BEAT_SCHEDULE["stats-nightly-report"]
    assert nightly["task"] == "callcenter.stats.tasks.build_nightly_report"
    assert nightly["schedule"] == crontab(hour=0, minute=15)


@pytest.mark.django_db
def test_per_server_task_loads_and_returns_counts(write_log: Callable[..., Path]) -> None:
    server: Any = AsteriskServerFactory(name="pbx1", queue_log_path=str(write_log(LINES)))
    assert load_server_queue_log(server.pk) == {"loaded": len(LINES), "duplicates": 0, "quarantined": 0}
    assert load_server_queue_log(server.pk) == {"loaded": 0, "duplicates": 0, "quarantined": 0}
    assert QueueLogLine.objects.count() == len(LINES)


def test_report_schedules_run_every_minute_on_the_reports_queue(settings: Any) -> None:
    entry = {"task": "callcenter.stats.tasks.run_report_schedules", "schedule": 60.0}
    assert settings.CELERY_BEAT_SCHEDULE["stats-report-schedules"] == entry
    assert settings.CELERY_TASK_ROUTES["callcenter.stats.tasks.run_report_schedules"] == {"queue": "reports"}


@pytest.mark.django_db
def test_the_schedules_task_runs_the_due_work() -> None:
    assert run_report_schedules() == {"runs": 0, "deliveries": 0}
