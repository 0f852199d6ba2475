"""``purge_recordings --dry-run`` and ``check_recordings``, and the nightly schedule that runs them."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from callcenter.quality import tasks
from callcenter.quality.models import Recording
from tests.quality.conftest import LoggedCall, write_wav
from tests.quality.factories import RecordingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def expired(node: Any) -> Recording:
    path = Path(node.recordings_dir) / "support" / "old.wav"
    write_wav(path, 1.0)
    return RecordingFactory(path=str(path), started_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_dry_run_lists_what_would_go(expired: Recording) -> None:
    output = _run("purge_recordings", "--dry-run")
    assert f"would delete support {expired.callid}" in output
    assert Recording.objects.filter(pk=expired.pk).exists() and Path(expired.path).exists()


def test_the_json_report(expired: Recording) -> None:
    report = json.loads(_run("purge_recordings", "--json"))
    assert (report["dry_run"], [row["id"] for row in report["deleted"]]) == (False, [expired.pk])
    assert not Path(expired.path).exists()


def test_check_recordings_imports_and_flags(logged_call: Callable[..., LoggedCall]) -> None:
    call = logged_call()
    call.path.unlink()
    assert "flagged: missing 1" in _run("check_recordings", "--all")


def test_the_nightly_task_purges_and_rechecks(
    expired: Recording, logged_call: Callable[..., LoggedCall]
) -> None:
    kept = logged_call().recording
    assert kept is not None
    assert tasks.purge_recordings() == {"deleted": 1, "failed": 0, "kept_open": 0}
    assert list(Recording.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_schedule_runs_the_import_the_check_and_the_retention() -> None:
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "callcenter.quality.tasks.import_recordings",
        "callcenter.quality.tasks.check_recordings",
        "callcenter.quality.tasks.purge_recordings",
    } <= scheduled
