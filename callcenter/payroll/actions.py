"""The one place that writes payroll records: session corrections, closing and re-opening periods.

Every write is validated here and audited through callcenter.audit.actions.record. A correction that
touches a day of a closed period is refused until the period is explicitly re-opened.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.accounts.roles import PAYROLL_READERS, has_role
from callcenter.agents.models import Agent
from callcenter.audit.actions import record
from callcenter.payroll.builder import PayrollError, build_report
from callcenter.payroll.export import InvalidExport, render
from callcenter.payroll.models import ClosedPeriod, SessionCorrection
from callcenter.stats.models import AgentSession

MAX_REASON = 200


class PeriodClosedError(ValidationError):
    """The change falls in a closed period; re-open it first."""


def _require_payroll(actor: Any) -> None:
    if not has_role(actor, *PAYROLL_READERS):
        raise PermissionDenied(_("Only payroll staff and administrators may do this."))


def _local_dates(moments: list[dt.datetime | None]) -> tuple[dt.date, dt.date]:
    zone = ZoneInfo(settings.TIME_ZONE)
    dates = [moment.astimezone(zone).date() for moment in moments if moment is not None]
    return min(dates), max(dates)


def _ensure_open(date_from: dt.date, date_to: dt.date) -> None:
    closed = ClosedPeriod.objects.overlapping(date_from, date_to).first()
    if closed is not None:
        raise PeriodClosedError(
            _("The period %(period)s is closed; re-open it before changing it.") % {"period": closed}
        )


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    if len(reason) > MAX_REASON or any(char in reason for char in "\r\n\x00"):
        raise ValidationError({"reason": _("The reason must be one line of at most 200 characters.")})
    return reason


def correct_session(
    actor: Any,
    session: AgentSession,
    *,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    reason: str,
) -> SessionCorrection:
    """Record corrected times for a logged-in session; the stats row (the PBX's record) is left as it was."""
    _require_payroll(actor)
    reason = _clean_reason(reason)
    if timezone.is_naive(started_at) or timezone.is_naive(ended_at):
        raise ValidationError(_("Times must carry a time zone."))
    if ended_at <= started_at:
        raise ValidationError({"ended_at": _("The end must be after the start.")})
    if ended_at > timezone.now() + dt.timedelta(minutes=1):
        raise ValidationError({"ended_at": _("The end cannot be in the future.")})
    agent = session.agent_ref or Agent.objects.filter(member_name=session.agent).first()
    if agent is None:
        agent = next(
            (item for item in Agent.objects.all() if item.effective_interface == session.interface), None
        )
    if agent is None:
        raise ValidationError(_("The session belongs to no configured agent."))
    _ensure_open(*_local_dates([session.started_at, session.ended_at, started_at, ended_at]))
    with transaction.atomic():
        correction = SessionCorrection.objects.create(
            agent=agent,
            server=session.server,
            queue=session.queue,
            interface=session.interface,
            original_started_at=session.started_at,
            original_ended_at=session.ended_at,
            started_at=started_at,
            ended_at=ended_at,
            reason=reason,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            actor,
            "payroll.correct_session",
            correction,
            changes={
                "started_at": [session.started_at.isoformat(), started_at.isoformat()],
                "ended_at": [
                    session.ended_at.isoformat() if session.ended_at else None,
                    ended_at.isoformat(),
                ],
            },
            detail=reason,
        )
    return correction


def close_period(
    actor: Any, date_from: dt.date, date_to: dt.date, *, tz: str | None = None, schedule: str | None = None
) -> ClosedPeriod:
    """Close the calendar days ``date_from``..``date_to`` for payroll and freeze the export as it is now.

    The export must pass the schema; a period whose file would be invalid is not closed.
    """
    _require_payroll(actor)
    if date_to < date_from:
        raise ValidationError(_("The period ends before it starts."))
    with transaction.atomic():
        if ClosedPeriod.objects.select_for_update().overlapping(date_from, date_to).exists():
            raise PeriodClosedError(_("Part of this period is already closed."))
        period = ClosedPeriod.objects.create(
            date_from=date_from, date_to=date_to, closed_by=actor if getattr(actor, "pk", None) else None
        )
        try:
            report = build_report(date_from, date_to, tz=tz, schedule=schedule)
            period.xml = render(report, "xml").decode("utf-8")
            period.json = render(report, "json").decode("utf-8")
        except (PayrollError, InvalidExport) as exc:
            raise ValidationError(
                _("The period cannot be closed, its export is not valid: %(error)s") % {"error": exc}
            ) from exc
        period.tz, period.schedule = report.tz, report.schedule
        period.save(update_fields=["xml", "json", "tz", "schedule"])
        record(
            actor,
            "payroll.close_period",
            period,
            changes={
                "from": str(date_from),
                "to": str(date_to),
                "tz": report.tz,
                "schedule": report.schedule,
            },
        )
    return period


def reopen_period(actor: Any, period: ClosedPeriod, reason: str) -> ClosedPeriod:
    """Explicitly re-open a closed period, with a reason, so corrections are accepted again."""
    _require_payroll(actor)
    reason = _clean_reason(reason)
    with transaction.atomic():
        period = ClosedPeriod.objects.select_for_update().get(pk=period.pk)
        if period.reopened_at is not None:
            raise ValidationError(_("This period is already re-opened."))
        period.reopened_at = timezone.now()
        period.reopened_by = actor if getattr(actor, "pk", None) else None
        period.reopen_reason = reason
        period.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
        record(actor, "payroll.reopen_period", period, detail=reason)
    return period
