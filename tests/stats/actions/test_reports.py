"""Reports requested in the background: queued on commit through the task the stats app registers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from callcenter.audit.models import AuditEntry
from callcenter.celery import app as celery_app
from callcenter.stats.actions.reports import start_report
from callcenter.stats.models import ReportRun
from callcenter.stats.reports import ReportFilter

pytestmark = pytest.mark.django_db

FLT = ReportFilter(date_from=date(2026, 11, 23), date_to=date(2026, 11, 23), tz="Europe/Moscow")


def test_a_requested_report_waits_for_the_commit(
    manager_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as queued:
        run = start_report(manager_user, "summary", "csv", FLT)
    assert len(queued) == 1
    run.refresh_from_db()
    assert (run.status, run.created_by, run.params["tz"]) == (
        ReportRun.Status.PENDING,
        manager_user,
        "Europe/Moscow",
    )


def test_after_the_commit_the_registered_task_builds_the_file(
    manager_user: Any, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)  # the worker's run, in this process
    with django_capture_on_commit_callbacks(execute=True):
        run = start_report(manager_user, "summary", "csv", FLT)
    run.refresh_from_db()
    assert (run.status, run.progress) == (ReportRun.Status.DONE, 100)
    assert str(run.file.name).endswith("summary-2026-11-23.csv")


def test_a_request_is_audited_with_its_filter(manager_user: Any) -> None:
    run = start_report(manager_user, "agents", "xlsx", FLT)
    entry = AuditEntry.objects.get(action="stats.report_requested")
    assert (entry.actor, entry.object_id) == (manager_user, str(run.pk))
    assert entry.changes["kind"] == "agents"
    assert entry.changes["date_from"] == "2026-11-23"


@pytest.mark.parametrize(("kind", "fmt"), [("nonsense", "csv"), ("summary", "docx")])
def test_an_unknown_report_or_format_is_refused_and_nothing_is_queued(
    manager_user: Any, kind: str, fmt: str
) -> None:
    with pytest.raises(ValueError, match="Unknown report or format"):
        start_report(manager_user, kind, fmt, FLT)
    assert not ReportRun.objects.exists()
