"""The one place that writes report schedules and their runs (audited); their e-mails are in ``deliveries``.

Every function that depends on the clock takes ``now``; the periodic task passes the current time.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from callcenter.accounts.roles import REPORT_READERS, has_role
from callcenter.audit.actions import delete_audited, record, save_validated
from callcenter.stats import exports
from callcenter.stats.actions.reports import build_report
from callcenter.stats.models import ReportRun
from callcenter.stats.querysets import visible_queue_names
from callcenter.stats.reports import ReportFilter
from callcenter.stats.schedules import timing
from callcenter.stats.schedules.deliveries import deliver_due, queue_delivery
from callcenter.stats.schedules.models import Delivery, ReportSchedule, ScheduleRun
from callcenter.stats.schedules.rules import recipients_of

log = logging.getLogger(__name__)


# The service levels of a scheduled report, as the report pages offer by default.
SERVICE_LEVELS = [20, 30, 60]


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
            build_report(report.pk)
        except Exception as exc:  # any failure of a report is the run's error, shown to its owner
            log.warning("event=report_schedule_failed schedule=%s error=%s", schedule.pk, exc)
            return _fail_run(run, str(exc) or type(exc).__name__)
        subject, body = _message(schedule, run)
    report.refresh_from_db()
    run.status = ScheduleRun.Status.BUILT
    run.save(update_fields=["status"])
    for recipient in recipients:
        queue_delivery(
            report_files=[report], recipients=[recipient], subject=subject, body=body, now=now, run=run
        )
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
