"""Runs of report schedules and their e-mail deliveries, driven by the ``now`` passed in."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from callcenter.audit.models import AuditEntry
from callcenter.stats import actions as report_actions
from callcenter.stats.loader import load_file
from callcenter.stats.models import ReportRun
from callcenter.stats.schedules import actions, deliveries
from callcenter.stats.schedules.models import Delivery, ReportSchedule, ScheduleRun
from tests.stats.scenario import LINES
from tests.stats.schedules.conftest import DUE, MakeSchedule, RefusedSend

pytestmark = pytest.mark.django_db

# 08:00 in Moscow on 24 November 2026: the daily schedules' due time for the scenario's day (23 November).


@pytest.fixture
def loaded(write_log: Callable[..., Path]) -> None:
    load_file(write_log(LINES), "pbx1")


def _csv_rows(message: Any) -> list[list[str]]:
    content = message.attachments[0][1]
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_a_due_schedule_is_built_for_the_previous_local_day_and_mailed(
    manager_user: Any, make_schedule: MakeSchedule, loaded: None
) -> None:
    manager_user.language = "en"
    manager_user.save()
    schedule = make_schedule(manager_user)
    runs, deliveries = actions.process(DUE + timedelta(seconds=20))
    assert [(run.schedule_id, run.due_at, run.period_from, run.period_to) for run in runs] == [
        (schedule.pk, DUE, date(2026, 11, 23), date(2026, 11, 23))
    ]
    assert [delivery.status for delivery in deliveries] == [Delivery.Status.SENT]
    (message,) = mail.outbox
    assert message.to == ["boss@example.com"]
    assert message.subject == "Morning summary: Queue summary, 2026-11-23"
    assert message.attachments[0][0] == "summary-2026-11-23.csv"
    assert [row[0] for row in _csv_rows(message) if row and row[0] in ("support", "sales")] == [
        "sales",
        "support",
    ]


def test_the_report_and_its_e_mail_are_in_the_owners_language(
    manager_user: Any, make_schedule: MakeSchedule
) -> None:
    manager_user.language = "ru"
    manager_user.save()
    make_schedule(manager_user)
    actions.process(DUE)
    (message,) = mail.outbox
    assert message.subject == "Morning summary: Сводка по очередям, 2026-11-23"
    assert _csv_rows(message)[0][0] == "Сводка по очередям"


def test_each_due_time_runs_exactly_once(manager_user: Any, make_schedule: MakeSchedule) -> None:
    schedule = make_schedule(manager_user)
    for minute in range(5):
        actions.process(DUE + timedelta(minutes=minute))
    assert ScheduleRun.objects.filter(schedule=schedule).count() == 1
    assert len(mail.outbox) == 1
    actions.process(DUE + timedelta(days=1))
    assert list(ScheduleRun.objects.filter(schedule=schedule).values_list("due_at", flat=True)) == [
        DUE + timedelta(days=1),
        DUE,
    ]


def test_due_times_before_a_schedule_was_saved_are_not_run(manager_user: Any) -> None:
    from datetime import time

    schedule = ReportSchedule(
        owner=manager_user, name="x", kind="summary", fmt="csv", frequency="daily", time_of_day=time(8, 0),
        tz="Europe/Moscow", recipients=["boss@example.com"],
    )  # fmt: skip
    actions.save_schedule(manager_user, schedule, now=DUE + timedelta(hours=1))
    assert actions.run_due(DUE + timedelta(hours=2)) == []
    assert [run.due_at for run in actions.run_due(DUE + timedelta(days=1))] == [DUE + timedelta(days=1)]


def test_a_disabled_schedule_does_not_run(manager_user: Any, make_schedule: MakeSchedule) -> None:
    make_schedule(manager_user, enabled=False)
    assert actions.run_due(DUE) == []


def test_a_supervisors_scheduled_report_covers_only_their_queues(
    center: dict[str, Any], make_schedule: MakeSchedule, loaded: None
) -> None:
    center["sam"].email = "sam@example.com"
    center["sam"].save()
    make_schedule(center["sam"], recipients=[])
    (run,), _sent = actions.process(DUE)
    assert run.report is not None
    assert run.report.params["visible_queues"] == ["support"]
    assert mail.outbox[0].to == ["sam@example.com"]
    queues = [row[0] for row in _csv_rows(mail.outbox[0]) if row and row[0] in ("support", "sales")]
    assert queues == ["support"]


def test_one_delivery_per_recipient(manager_user: Any, make_schedule: MakeSchedule) -> None:
    make_schedule(manager_user, recipients=["a@example.com", "b@example.com"])
    actions.process(DUE)
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.com", "b@example.com"]
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 2


def test_a_refused_send_is_retried_with_exponential_back_off(refused_send: RefusedSend) -> None:
    delivery = refused_send(6)
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)
    assert "Connection refused" in delivery.last_error or "ConnectionRefusedError" in delivery.last_error
    waits = []
    now = DUE
    for _ in range(4):
        assert deliveries.deliver_due(now + timedelta(seconds=59)) == []  # not before its time
        assert delivery.next_attempt_at is not None
        waits.append(delivery.next_attempt_at - now)
        now = delivery.next_attempt_at
        deliveries.deliver_due(now)
        delivery.refresh_from_db()
    assert waits == [timedelta(minutes=minutes) for minutes in (1, 2, 4, 8)]
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 5)
    assert delivery.next_attempt_at == now + timedelta(minutes=16)


def test_after_the_last_attempt_the_delivery_is_failed_and_audited(
    refused_send: RefusedSend,
) -> None:
    delivery = refused_send(2)
    deliveries.deliver_due(DUE + timedelta(minutes=1))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (Delivery.Status.FAILED, 2, None)
    assert deliveries.deliver_due(DUE + timedelta(days=1)) == []
    actions_logged = list(
        AuditEntry.objects.filter(object_type="stats.delivery").order_by("id").values_list("action", "result")
    )
    assert actions_logged == [
        ("stats.report_delivery_retry", "retry"),
        ("stats.report_delivery_failed", "failed"),
    ]


def test_a_retry_that_gets_through_is_sent(
    manager_user: Any, make_schedule: MakeSchedule, refused_smtp: int, settings: Any
) -> None:
    make_schedule(manager_user)
    actions.process(DUE)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    (sent,) = deliveries.deliver_due(DUE + timedelta(minutes=1))
    assert (sent.status, sent.attempts, sent.last_error) == (Delivery.Status.SENT, 2, "")
    assert mail.outbox[0].attachments[0][0] == "summary-2026-11-23.csv"


def test_a_schedule_whose_owner_lost_report_access_fails_its_run(
    manager_user: Any, make_schedule: MakeSchedule
) -> None:
    make_schedule(manager_user)
    manager_user.role = "agent"
    manager_user.save()
    (run,) = actions.run_due(DUE)
    assert run.status == ScheduleRun.Status.FAILED
    assert run.error == "The owner may no longer read reports."
    assert not Delivery.objects.exists()


def test_the_nightly_report_e_mail_is_one_delivery_retried_like_the_others(
    refused_smtp: int, settings: Any
) -> None:
    settings.DAILY_REPORT_RECIPIENTS = ["boss@example.com", "deputy@example.com"]
    settings.DAILY_REPORT_FORMATS = ["csv"]
    now = datetime(2026, 11, 24, 0, 15, tzinfo=UTC)
    built = report_actions.build_nightly_report(date(2026, 11, 23), now=now)
    delivery = Delivery.objects.get()
    assert (delivery.nightly_date, delivery.recipients) == (
        date(2026, 11, 23),
        settings.DAILY_REPORT_RECIPIENTS,
    )
    assert list(delivery.reports.all()) == built
    assert (delivery.status, delivery.next_attempt_at) == (
        Delivery.Status.PENDING,
        now + timedelta(minutes=1),
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    deliveries.deliver_due(now + timedelta(minutes=1))
    (message,) = mail.outbox
    assert message.to == ["boss@example.com", "deputy@example.com"]
    assert message.subject == "Daily queue report 2026-11-23"
    assert ReportRun.objects.filter(nightly=True).count() == 1


def test_saving_and_deleting_a_schedule_is_audited(manager_user: Any, make_schedule: MakeSchedule) -> None:
    schedule = make_schedule(manager_user)
    pk = str(schedule.pk)
    actions.delete_schedule(manager_user, schedule)
    entries = AuditEntry.objects.filter(object_type="stats.reportschedule", object_id=pk).order_by("id")
    assert [(entry.action, entry.actor_id) for entry in entries] == [
        ("create", manager_user.pk),
        ("delete", manager_user.pk),
    ]


def test_a_built_run_is_marked_built_and_audited(manager_user: Any, make_schedule: MakeSchedule) -> None:
    make_schedule(manager_user)
    (run,) = actions.run_due(DUE)
    assert run.status == ScheduleRun.Status.BUILT
    assert run.report is not None and run.report.status == ReportRun.Status.DONE
    entry = AuditEntry.objects.get(action="stats.report_schedule_run")
    assert entry.changes["period"] == ["2026-11-23", "2026-11-23"]


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_minute_build_and_send_once(
    manager_user: Any, make_schedule: MakeSchedule
) -> None:
    import threading

    from django.db import connection

    make_schedule(manager_user)
    barrier = threading.Barrier(2, timeout=30)
    results: list[int] = []

    def worker() -> None:
        try:
            barrier.wait()
            runs, _sent = actions.process(DUE)
            results.append(len(runs))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [0, 1]
    assert ScheduleRun.objects.count() == 1
    assert len(mail.outbox) == 1
