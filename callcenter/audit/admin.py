"""Read-only admin of the audit log."""

from __future__ import annotations

from django.contrib import admin

from callcenter.audit.models import AuditEntry
from callcenter.core.admin import NoWritesAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(NoWritesAdmin[AuditEntry]):
    list_display = ["created_at", "actor_name", "action", "object_type", "object_repr", "result"]
    list_filter = ["action", "object_type", "result"]
    search_fields = ["actor_name", "object_repr", "detail"]
