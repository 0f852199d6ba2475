"""Read-only admin views of the loader's state: positions, assembly marks, quarantined lines and stored reports."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from callcenter.accounts.models import Role
from callcenter.accounts.roles import has_role
from callcenter.stats.models import AssemblyMark, LoaderPosition, QuarantinedLine, ReportRun


class ReadOnlyAdmin(admin.ModelAdmin):
    """Statistics rows are written by the loader and the report tasks only; administrators may look."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_role(request.user, Role.ADMIN) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_role(request.user, Role.ADMIN) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LoaderPosition)
class LoaderPositionAdmin(ReadOnlyAdmin):
    list_display = ["server", "path", "inode", "offset", "line_number", "updated_at"]


@admin.register(AssemblyMark)
class AssemblyMarkAdmin(ReadOnlyAdmin):
    list_display = ["server", "line_id", "updated_at"]


@admin.register(QuarantinedLine)
class QuarantinedLineAdmin(ReadOnlyAdmin):
    list_display = ["server", "path", "line_number", "reason", "created_at"]
    list_filter = ["server"]
    search_fields = ["reason", "raw_text"]


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyAdmin):
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
