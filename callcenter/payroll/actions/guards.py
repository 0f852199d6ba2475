"""The checks every payroll write passes: the actor's role, an open period, a one-line reason."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from callcenter.accounts.roles import PAYROLL_READERS, has_role
from callcenter.payroll.models import ClosedPeriod

MAX_REASON = 200


class PeriodClosedError(ValidationError):
    """The change falls in a closed period; re-open it first."""


def require_payroll(actor: Any) -> None:
    if not has_role(actor, *PAYROLL_READERS):
        raise PermissionDenied(_("Only payroll staff and administrators may do this."))


def local_dates(moments: list[dt.datetime | None]) -> tuple[dt.date, dt.date]:
    """The first and last calendar day, in the center's time zone, of the given moments."""
    zone = ZoneInfo(settings.TIME_ZONE)
    dates = [moment.astimezone(zone).date() for moment in moments if moment is not None]
    return min(dates), max(dates)


def ensure_open(date_from: dt.date, date_to: dt.date) -> None:
    closed = ClosedPeriod.objects.overlapping(date_from, date_to).first()
    if closed is not None:
        raise PeriodClosedError(
            _("The period %(period)s is closed; re-open it before changing it.") % {"period": closed}
        )


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    if len(reason) > MAX_REASON or any(char in reason for char in "\r\n\x00"):
        raise ValidationError({"reason": _("The reason must be one line of at most 200 characters.")})
    return reason


def actor_or_none(actor: Any) -> Any:
    """The actor as a stored user reference: None for a system actor without a primary key."""
    return actor if getattr(actor, "pk", None) else None
