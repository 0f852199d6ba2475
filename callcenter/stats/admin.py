"""Read-only admin views of the loader's state: positions, assembly marks, quarantined lines and stored reports."""

from __future__ import annotations

from django.contrib import admin

from callcenter.accounts.readonly_admin import ReadOnlyAdmin
from callcenter.stats.models import (
    AssemblyMark,
    Delivery,
    LoaderPosition,
    QuarantinedLine,
    ReportRun,
    ReportSchedule,
    ScheduleRun,
)


@admin.register(LoaderPosition)
class LoaderPositionAdmin(ReadOnlyAdmin[LoaderPosition]):
    list_display = ["server", "path", "inode", "offset", "line_number", "updated_at"]


@admin.register(AssemblyMark)
class AssemblyMarkAdmin(ReadOnlyAdmin[AssemblyMark]):
    list_display = ["server", "line_id", "updated_at"]


@admin.register(QuarantinedLine)
class QuarantinedLineAdmin(ReadOnlyAdmin[QuarantinedLine]):
    list_display = ["server", "path", "line_number", "reason", "created_at"]
    list_filter = ["server"]
    search_fields = ["reason", "raw_text"]


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyAdmin[ReportRun]):
    list_display = [
        "kind",
        "fmt",
        "status",
        "progress",
        "nightly",
        "report_date",
        "created_at",
        "finished_at",
    ]
    list_filter = ["kind", "status", "nightly"]


@admin.register(ReportSchedule)
class ReportScheduleAdmin(ReadOnlyAdmin[ReportSchedule]):
    """Every user's report schedules (each user manages their own on the reports pages)."""

    list_display = ["name", "owner", "kind", "fmt", "frequency", "time_of_day", "tz", "enabled"]
    list_filter = ["enabled", "frequency", "kind", "fmt"]
    search_fields = ["name", "owner__username"]


@admin.register(ScheduleRun)
class ScheduleRunAdmin(ReadOnlyAdmin[ScheduleRun]):
    list_display = ["schedule", "due_at", "period_from", "period_to", "status", "error"]
    list_filter = ["status"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin[Delivery]):
    """Report e-mails: sent, waiting for a retry (pending) or given up (failed), with the last error."""

    list_display = [
        "subject",
        "recipient_list",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", "nightly_date"]
    search_fields = ["subject", "last_error"]

    @admin.display(description="recipients")
    def recipient_list(self, obj: Delivery) -> str:
        return ", ".join(obj.recipients)
