"""Read-only admin views of payroll records; every change goes through the payroll pages (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from callcenter.payroll.models import ClosedPeriod, SessionCorrection


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows rows; adding, changing and deleting happen only through callcenter.payroll.actions."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SessionCorrection)
class SessionCorrectionAdmin(ReadOnlyAdmin):
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
class ClosedPeriodAdmin(ReadOnlyAdmin):
    list_display = ["date_from", "date_to", "tz", "closed_by", "closed_at", "reopened_by", "reopened_at"]
    exclude = ["xml", "json"]
