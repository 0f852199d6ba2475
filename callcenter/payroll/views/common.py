"""What the payroll pages share: who may open them, and the period a page shows."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest

from callcenter.accounts.roles import PAYROLL_READERS
from callcenter.core.page_roles import role_required
from callcenter.payroll.forms import ExportForm

# Guards a payroll page: open to payroll readers only.
payroll_page = role_required(*PAYROLL_READERS)


def period_bounds(request: HttpRequest) -> tuple[dt.date, dt.date]:
    initial = ExportForm.initial_values()
    try:
        date_from = (
            dt.date.fromisoformat(request.GET.get("date_from", "")) if request.GET.get("date_from") else None
        )
        date_to = (
            dt.date.fromisoformat(request.GET.get("date_to", "")) if request.GET.get("date_to") else None
        )
    except ValueError:
        date_from = date_to = None
    return date_from or initial["date_from"], date_to or initial["date_to"]
