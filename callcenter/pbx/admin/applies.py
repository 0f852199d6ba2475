"""Admin of the configuration applies: their history, a rollback to a kept version, the outcome messages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from callcenter.core.admin import NoWritesAdmin, refused_to_non_admin
from callcenter.pbx.actions import rollback_configuration
from callcenter.pbx.models import ConfigApply


def report_apply(model_admin: admin.ModelAdmin[Any], request: HttpRequest, entry: ConfigApply) -> None:
    """One admin message per apply: its outcome, with the error when it failed."""
    text = _("%(server)s: %(status)s (version %(version)s, changed: %(files)s, reloaded: %(modules)s)") % {
        "server": entry.server.name,
        "status": entry.get_status_display(),
        "version": entry.version or "-",
        "files": ", ".join(entry.changed_files) or "-",
        "modules": ", ".join(entry.reloaded) or "-",
    }
    if entry.error:
        text = f"{text}: {entry.error[:2000]}"
    model_admin.message_user(request, text, messages.SUCCESS if entry.succeeded else messages.ERROR)


@admin.register(ConfigApply)
class ConfigApplyAdmin(NoWritesAdmin[ConfigApply]):
    """The history of applies and rollbacks; a kept version can be put back live from here."""

    list_display = ["created_at", "server", "kind", "version", "previous_version", "status", "actor_name"]
    list_filter = ["server", "status", "kind"]
    readonly_fields = [
        "server", "kind", "version", "previous_version", "created_at", "actor", "actor_name", "status",
        "changed_files", "reloaded", "warnings", "error", "duration_ms", "diff", "group_apply",
    ]  # fmt: skip
    actions = ["roll_back_to_version"]

    @admin.action(description=_("Roll back to this version"))
    def roll_back_to_version(self, request: HttpRequest, queryset: QuerySet[ConfigApply]) -> None:
        if refused_to_non_admin(self, request, _("Only administrators roll back configuration.")):
            return
        chosen = list(queryset.exclude(version=None))
        if len(chosen) != 1 or chosen[0].status != ConfigApply.Status.APPLIED:
            self.message_user(request, _("Choose exactly one applied version."), messages.ERROR)
            return
        entry = rollback_configuration(request.user, chosen[0].server, chosen[0].version or 0)
        report_apply(self, request, entry)
