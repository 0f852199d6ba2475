"""Read-only admin views of payroll records; every change goes through the payroll pages (audited)."""

from __future__ import annotations

from django.contrib import admin

from callcenter.accounts.readonly_admin import ReadOnlyAdmin
from callcenter.payroll.models import ClosedPeriod, SessionCorrection


@admin.register(SessionCorrection)
class SessionCorrectionAdmin(ReadOnlyAdmin[SessionCorrection]):
    list_display = [
        "agent",
        "queue",
        "original_started_at",
        "original_ended_at",
        "started_at",
        "ended_at",
        "reason",
    ]
    list_filter = ["queue"]
    search_fields = ["agent__payroll_number", "agent__display_name", "reason"]


@admin.register(ClosedPeriod)
class ClosedPeriodAdmin(ReadOnlyAdmin[ClosedPeriod]):
    list_display = ["date_from", "date_to", "tz", "closed_by", "closed_at", "reopened_by", "reopened_at"]
    exclude = ["xml", "json"]
