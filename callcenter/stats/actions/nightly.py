"""The nightly daily queue report: built once per day and format, e-mailed when configured."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from callcenter.audit.actions import record
from callcenter.stats.actions.reports import build_report
from callcenter.stats.models import ReportRun
from callcenter.stats.reports import ReportFilter
from callcenter.stats.schedules.deliveries import deliver_nightly


def build_nightly_report(day: date | None = None, *, now: datetime | None = None) -> list[ReportRun]:
    """Build and store the daily queue report of ``day`` (default: yesterday in the center's time zone).

    One row per day and format; running it again for a day already built changes nothing. When
    DAILY_REPORT_RECIPIENTS is set, the new files are e-mailed as one delivery, retried with back-off
    (callcenter.stats.schedules.deliveries).
    """
    now = now or timezone.now()
    tz = str(settings.TIME_ZONE)
    if day is None:
        day = timezone.localdate(now, timezone=timezone.get_default_timezone()) - timedelta(days=1)
    flt = ReportFilter(date_from=day, date_to=day, tz=tz)
    built: list[ReportRun] = []
    for fmt in getattr(settings, "DAILY_REPORT_FORMATS", ("xlsx", "pdf")):
        try:
            with transaction.atomic():
                run = ReportRun.objects.create(
                    kind="daily", fmt=fmt, params=flt.as_params(), nightly=True, report_date=day
                )
        except IntegrityError:
            continue
        built.append(build_report(run.pk))
    for run in built:
        record(None, "stats.nightly_report", run, changes={"day": day.isoformat(), "fmt": run.fmt})
    recipients = list(getattr(settings, "DAILY_REPORT_RECIPIENTS", []) or [])
    if built and recipients:
        deliver_nightly(day, built, recipients, now)
    return built
