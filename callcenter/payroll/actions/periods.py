"""Closing a payroll period (freezing its export) and re-opening it, with a reason, for corrections."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.audit.actions import record
from callcenter.payroll.actions.guards import PeriodClosedError, actor_or_none, clean_reason, require_payroll
from callcenter.payroll.builder import PayrollError, build_report
from callcenter.payroll.export import InvalidExport, render
from callcenter.payroll.models import ClosedPeriod


def close_period(
    actor: Any, date_from: dt.date, date_to: dt.date, *, tz: str | None = None, schedule: str | None = None
) -> ClosedPeriod:
    """Close the days ``date_from``..``date_to`` for payroll, freezing their export if it passes the schema."""
    require_payroll(actor)
    if date_to < date_from:
        raise ValidationError(_("The period ends before it starts."))
    with transaction.atomic():
        if ClosedPeriod.objects.select_for_update().overlapping(date_from, date_to).exists():
            raise PeriodClosedError(_("Part of this period is already closed."))
        period = ClosedPeriod.objects.create(
            date_from=date_from, date_to=date_to, closed_by=actor_or_none(actor)
        )
        try:
            report = build_report(date_from, date_to, tz=tz, schedule=schedule)
            period.xml = render(report, "xml").decode("utf-8")
            period.json = render(report, "json").decode("utf-8")
        except (PayrollError, InvalidExport) as exc:
            error = _("The period cannot be closed, its export is not valid: %(error)s") % {"error": exc}
            raise ValidationError(error) from exc
        period.tz, period.schedule = report.tz, report.schedule
        period.save(update_fields=["xml", "json", "tz", "schedule"])
        changes = {"from": str(date_from), "to": str(date_to), "tz": report.tz, "schedule": report.schedule}
        record(actor, "payroll.close_period", period, changes=changes)
    return period


def reopen_period(actor: Any, period: ClosedPeriod, reason: str) -> ClosedPeriod:
    """Explicitly re-open a closed period, with a reason, so corrections are accepted again."""
    require_payroll(actor)
    reason = clean_reason(reason)
    with transaction.atomic():
        period = ClosedPeriod.objects.select_for_update().get(pk=period.pk)
        if period.reopened_at is not None:
            raise ValidationError(_("This period is already re-opened."))
        period.reopened_at = timezone.now()
        period.reopened_by = actor_or_none(actor)
        period.reopen_reason = reason
        period.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
        record(actor, "payroll.reopen_period", period, detail=reason)
    return period
