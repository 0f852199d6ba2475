"""Read rules for payroll records: payroll staff and administrators see them all, nobody else any."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import models

from callcenter.accounts.roles import PAYROLL_READERS, has_role

if TYPE_CHECKING:
    from callcenter.payroll.models import ClosedPeriod, SessionCorrection  # noqa: F401  (string generics)


class SessionCorrectionQuerySet(models.QuerySet["SessionCorrection"]):
    """Session corrections, visible to payroll staff and administrators."""

    def visible_to(self, user: Any) -> SessionCorrectionQuerySet:
        return self.all() if has_role(user, *PAYROLL_READERS) else self.none()


class ClosedPeriodQuerySet(models.QuerySet["ClosedPeriod"]):
    """Closed periods, visible to payroll staff and administrators."""

    def visible_to(self, user: Any) -> ClosedPeriodQuerySet:
        return self.all() if has_role(user, *PAYROLL_READERS) else self.none()

    def in_force(self) -> ClosedPeriodQuerySet:
        """Closings not re-opened."""
        return self.filter(reopened_at__isnull=True)

    def overlapping(self, date_from: dt.date, date_to: dt.date) -> ClosedPeriodQuerySet:
        return self.in_force().filter(date_from__lte=date_to, date_to__gte=date_from)
