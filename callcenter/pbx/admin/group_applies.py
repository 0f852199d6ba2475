"""Admin of the history of group applies, each with its nodes' results."""

from __future__ import annotations

from django.contrib import admin

from callcenter.core.admin import NoWritesAdmin
from callcenter.core.admin_inlines import ShownTabularInline
from callcenter.pbx.models import ConfigApply, GroupApply


class NodeApplyInline(ShownTabularInline[ConfigApply, GroupApply]):
    model = ConfigApply
    fields = ["server", "status", "version", "previous_version", "changed_files", "reloaded", "error"]


@admin.register(GroupApply)
class GroupApplyAdmin(NoWritesAdmin[GroupApply]):
    """The history of group applies, each with its nodes' results."""

    list_display = ["created_at", "group", "status", "actor_name", "duration_ms"]
    list_filter = ["group", "status"]
    readonly_fields = ["group", "created_at", "actor", "actor_name", "status", "error", "duration_ms"]
    inlines = [NodeApplyInline]
