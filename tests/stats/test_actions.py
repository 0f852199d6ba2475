"""Writes of the statistics app: the nightly report, background runs, callback closures, server loading."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings

from callcenter.audit.models import AuditEntry
from callcenter.stats import actions
from callcenter.stats.loader import load_file
from callcenter.stats.models import Call, ReportRun
from callcenter.stats.reports import ReportFilter
from tests.factories import AsteriskServerFactory, CallbackFactory
from tests.stats.scenario import LINES

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 23)


def test_nightly_report_is_stored_once_per_day(
    write_log: Callable[..., Path], settings: Any, tmp_path: Path
) -> None:
    load_file(write_log(LINES), "pbx1")
    built = actions.build_nightly_report(DAY)
    assert sorted(run.fmt for run in built) == ["pdf", "xlsx"]
    assert all(run.status == ReportRun.Status.DONE and run.nightly and run.file for run in built)
    assert all(Path(run.file.path).stat().st_size > 0 for run in built)
    assert actions.build_nightly_report(DAY) == []
    assert ReportRun.objects.filter(nightly=True, report_date=DAY).count() == 2
    assert mail.outbox == []


@override_settings(DAILY_REPORT_RECIPIENTS=["boss@example.com"], DAILY_REPORT_FORMATS=["xlsx"])
def test_nightly_report_is_mailed_when_recipients_are_set(settings: Any, tmp_path: Path) -> None:
    actions.build_nightly_report(DAY)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["boss@example.com"]
    assert message.subject == "Daily queue report 2026-11-23"
    assert message.attachments[0][0] == "daily-2026-11-23.xlsx"


def test_nightly_report_defaults_to_yesterday(settings: Any, tmp_path: Path) -> None:
    from django.utils import timezone

    settings.DAILY_REPORT_FORMATS = ["csv"]
    run = actions.build_nightly_report()[0]
    assert run.report_date == timezone.localdate() - timedelta(days=1)


def test_a_failed_report_is_marked_failed(manager_user: Any) -> None:
    run = ReportRun.objects.create(kind="nonsense", fmt="csv", params=ReportFilter(DAY, DAY).as_params())
    with pytest.raises(ValueError, match="unknown report"):
        actions.build_report(run.pk)
    run.refresh_from_db()
    assert (run.status, run.error) == (ReportRun.Status.FAILED, "unknown report 'nonsense'")


def test_start_report_refuses_unknown_kinds(manager_user: Any) -> None:
    with pytest.raises(ValueError, match="Unknown report"):
        actions.start_report(manager_user, "everything", "csv", ReportFilter(DAY, DAY))


def test_close_callback_is_audited(manager_user: Any) -> None:
    entry = CallbackFactory.create(number="+79161110000")
    actions.close_callback(manager_user, entry, "called_back", note=" done ")
    entry.refresh_from_db()
    assert (entry.status, entry.outcome, entry.note, entry.closed_by) == (
        "closed",
        "called_back",
        "done",
        manager_user,
    )
    audit = AuditEntry.objects.get(action="stats.callback_closed")
    assert (audit.actor, audit.changes["number"], audit.changes["outcome"]) == (
        manager_user, "+79161110000", "called_back",
    )  # fmt: skip


def test_load_server_reads_its_queue_log(write_log: Callable[..., Path]) -> None:
    server: Any = AsteriskServerFactory.create(name="pbx1", queue_log_path=str(write_log(LINES)))
    result = actions.load_server(server.pk)
    assert result is not None and result.loaded == len(LINES)
    assert Call.objects.count() == 9


def test_load_server_skips_a_server_whose_file_is_not_here(tmp_path: Path) -> None:
    server: Any = AsteriskServerFactory.create(name="pbx2", queue_log_path=str(tmp_path / "missing"))
    assert actions.load_server(server.pk) is None
