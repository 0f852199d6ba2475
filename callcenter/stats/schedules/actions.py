"""The one place that writes report schedules, their runs and the e-mail deliveries (audited).

Every function that depends on the clock takes ``now``; the periodic task passes the current time.
"""

from __future__ import annotations

import logging
import os
import smtplib
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from callcenter.accounts.roles import REPORT_READERS, has_role
from callcenter.audit.actions import delete_audited, record, save_validated
from callcenter.stats import actions as report_actions
from callcenter.stats import exports
from callcenter.stats.models import ReportRun
from callcenter.stats.querysets import visible_queue_names
from callcenter.stats.reports import ReportFilter
from callcenter.stats.schedules import timing
from callcenter.stats.schedules.models import Delivery, ReportSchedule, ScheduleRun
from callcenter.stats.schedules.rules import recipients_of

log = logging.getLogger(__name__)
# The service levels of a scheduled report, as the report pages offer by default.
SERVICE_LEVELS = [20, 30, 60]
SEND_ERRORS = (smtplib.SMTPException, OSError, ValueError)


def save_schedule(actor: Any, schedule: ReportSchedule, *, now: datetime | None = None) -> ReportSchedule:
    """Create or change a schedule (validated, audited). Due times up to ``now`` are never run."""
    schedule.active_from = now or timezone.now()
    return save_validated(actor, schedule)


def delete_schedule(actor: Any, schedule: ReportSchedule) -> None:
    delete_audited(actor, schedule)


def process(now: datetime | None = None) -> tuple[list[ScheduleRun], list[Delivery]]:
    """The periodic work: run every schedule that is due, then send every delivery whose time has come."""
    now = now or timezone.now()
    return run_due(now), deliver_due(now)


def run_due(now: datetime) -> list[ScheduleRun]:
    """Build and queue the report of every enabled schedule whose latest due time has not run yet."""
    runs: list[ScheduleRun] = []
    for schedule in ReportSchedule.objects.filter(enabled=True).select_related("owner"):
        due = timing.latest_due(schedule, now)
        if due is None or due <= schedule.active_from:
            continue
        run = _claim(schedule, due)
        if run is not None:
            runs.append(_build(run, now))
    return runs


def _claim(schedule: ReportSchedule, due: datetime) -> ScheduleRun | None:
    """The run of (schedule, due time), or None when another worker already made it."""
    start, end = timing.period(schedule, due)
    try:
        with transaction.atomic():
            return ScheduleRun.objects.create(schedule=schedule, due_at=due, period_from=start, period_to=end)
    except IntegrityError:
        return None


def _fail_run(run: ScheduleRun, error: str) -> ScheduleRun:
    run.status = ScheduleRun.Status.FAILED
    run.error = error[:2000]
    run.save(update_fields=["status", "error"])
    record(None, "stats.report_schedule_failed", run, changes={"error": run.error}, result="failed")
    return run


def _build(run: ScheduleRun, now: datetime) -> ScheduleRun:
    schedule = run.schedule
    owner = schedule.owner
    if not has_role(owner, *REPORT_READERS):
        return _fail_run(run, "The owner may no longer read reports.")
    recipients = recipients_of(schedule)
    if not recipients:
        return _fail_run(run, "No recipient: the schedule has none and its owner has no e-mail address.")
    flt = ReportFilter(
        date_from=run.period_from,
        date_to=run.period_to,
        tz=schedule.tz,
        queues=list(schedule.queues),
        agents=list(schedule.agents),
        sl=list(SERVICE_LEVELS),
        visible_queues=visible_queue_names(owner),
    )
    report = ReportRun.objects.create(
        kind=schedule.kind, fmt=schedule.fmt, params=flt.as_params(), created_by=owner
    )
    run.report = report
    run.save(update_fields=["report"])
    with translation.override(getattr(owner, "language", None) or settings.LANGUAGE_CODE):
        try:
            report_actions.build_report(report.pk)
        except Exception as exc:  # any failure of a report is the run's error, shown to its owner
            log.warning("event=report_schedule_failed schedule=%s error=%s", schedule.pk, exc)
            return _fail_run(run, str(exc) or type(exc).__name__)
        subject, body = _message(schedule, run)
    report.refresh_from_db()
    run.status = ScheduleRun.Status.BUILT
    run.save(update_fields=["status"])
    for recipient in recipients:
        _queue(report_files=[report], recipients=[recipient], subject=subject, body=body, now=now, run=run)
    record(
        None,
        "stats.report_schedule_run",
        run,
        changes={
            "schedule": schedule.pk,
            "due_at": run.due_at.isoformat(),
            "period": [run.period_from.isoformat(), run.period_to.isoformat()],
            "recipients": recipients,
        },
    )
    return run


def _message(schedule: ReportSchedule, run: ScheduleRun) -> tuple[str, str]:
    period = (
        run.period_from.isoformat()
        if run.period_from == run.period_to
        else f"{run.period_from.isoformat()}/{run.period_to.isoformat()}"
    )
    subject = _("%(name)s: %(report)s, %(period)s") % {
        "name": schedule.name,
        "report": _(exports.KINDS[schedule.kind]),
        "period": period,
    }
    body = _(
        "The report %(report)s for %(period)s (time zone %(tz)s) is attached. "
        "You get it from your report schedule %(name)s."
    ) % {
        "report": _(exports.KINDS[schedule.kind]),
        "period": period,
        "tz": schedule.tz,
        "name": schedule.name,
    }
    return subject[:200], body


def _queue(
    *,
    report_files: Iterable[ReportRun],
    recipients: list[str],
    subject: str,
    body: str,
    now: datetime,
    run: ScheduleRun | None = None,
    nightly_date: date | None = None,
) -> Delivery:
    delivery = Delivery.objects.create(
        run=run,
        nightly_date=nightly_date,
        recipients=recipients,
        subject=subject,
        body=body,
        next_attempt_at=now,
    )
    delivery.reports.set(list(report_files))
    return delivery


def deliver_nightly(day: date, built: list[ReportRun], recipients: list[str], now: datetime) -> Delivery:
    """Queue the nightly daily report's e-mail to DAILY_REPORT_RECIPIENTS and try to send it right away."""
    delivery = _queue(
        report_files=built,
        recipients=list(recipients),
        subject=_("Daily queue report %(day)s") % {"day": day.isoformat()},
        body=_("The daily queue report of %(day)s is attached.") % {"day": day.isoformat()},
        now=now,
        nightly_date=day,
    )
    return send_delivery(delivery.pk, now) or delivery


def deliver_due(now: datetime) -> list[Delivery]:
    """Try every pending delivery whose next attempt is due (new ones and retries)."""
    due = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
    done = [
        send_delivery(pk, now) for pk in due.order_by("next_attempt_at", "id").values_list("pk", flat=True)
    ]
    return [delivery for delivery in done if delivery is not None]


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed send: the base, doubled after each failure."""
    base = float(getattr(settings, "REPORT_DELIVERY_RETRY_MINUTES", 1))
    return timedelta(minutes=base * 2 ** max(attempts - 1, 0))


def send_delivery(pk: int, now: datetime) -> Delivery | None:
    """One attempt to send a pending delivery whose time has come (None: not due, or another worker has it).

    A failure counts an attempt and sets the next one after the back-off; after the last allowed
    attempt the delivery is failed.
    """
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=Delivery.Status.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        try:
            _send(delivery)
        except SEND_ERRORS as exc:
            _attempt_failed(delivery, exc, now)
        else:
            delivery.status = Delivery.Status.SENT
            delivery.sent_at = now
            delivery.next_attempt_at = None
            delivery.last_error = ""
            delivery.save(
                update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error", "updated_at"]
            )
            record(
                None,
                "stats.report_delivered",
                delivery,
                changes={"recipients": delivery.recipients, "attempts": delivery.attempts},
            )
    return delivery


def _attempt_failed(delivery: Delivery, exc: BaseException, now: datetime) -> None:
    delivery.last_error = (f"{type(exc).__name__}: {exc}")[:2000]
    limit = max(int(getattr(settings, "REPORT_DELIVERY_MAX_ATTEMPTS", 6)), 1)
    if delivery.attempts >= limit:
        delivery.status = Delivery.Status.FAILED
        delivery.next_attempt_at = None
        action = "stats.report_delivery_failed"
    else:
        delivery.next_attempt_at = now + retry_delay(delivery.attempts)
        action = "stats.report_delivery_retry"
    delivery.save(update_fields=["attempts", "status", "next_attempt_at", "last_error", "updated_at"])
    log.warning(
        "event=report_delivery_error delivery=%s attempts=%s error=%s", delivery.pk, delivery.attempts, exc
    )
    record(
        None,
        action,
        delivery,
        changes={
            "recipients": delivery.recipients,
            "attempts": delivery.attempts,
            "next_attempt_at": delivery.next_attempt_at.isoformat() if delivery.next_attempt_at else None,
        },
        result="failed" if delivery.status == Delivery.Status.FAILED else "retry",
        detail=delivery.last_error,
    )


def _send(delivery: Delivery) -> None:
    message = EmailMessage(subject=delivery.subject, body=delivery.body, to=list(delivery.recipients))
    for report in delivery.reports.all():
        if not report.file:
            raise ValueError(f"report {report.pk} has no file")
        with report.file.open("rb") as handle:
            content = handle.read()
        message.attach(os.path.basename(report.file.name or ""), content, exports.FORMATS[report.fmt][0])
    message.send()
