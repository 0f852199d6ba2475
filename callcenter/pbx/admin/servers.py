"""Admin of the Asterisk nodes, from which their configuration is applied (or dry-run)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from callcenter.core.admin import ActionsModelAdmin, refused_to_non_admin
from callcenter.pbx import actions
from callcenter.pbx.actions import apply_configuration
from callcenter.pbx.admin.applies import report_apply
from callcenter.pbx.admin.secrets import kept_secret_form
from callcenter.pbx.models import AsteriskServer


@admin.register(AsteriskServer)
class AsteriskServerAdmin(ActionsModelAdmin[AsteriskServer]):
    actions_module = actions
    form = kept_secret_form(AsteriskServer, "ami_secret")
    list_display = ["name", "ami_host", "ami_port", "ami_username", "group", "enabled"]
    actions = ["apply_configuration", "dry_run_configuration"]

    def _run_apply(self, request: HttpRequest, queryset: QuerySet[AsteriskServer], *, dry_run: bool) -> None:
        if refused_to_non_admin(self, request, _("Only administrators apply configuration.")):
            return
        for server in queryset:
            entry = apply_configuration(request.user, server, dry_run=dry_run)
            report_apply(self, request, entry)

    @admin.action(description=_("Apply the configuration (render, check, swap, reload)"))
    def apply_configuration(self, request: HttpRequest, queryset: QuerySet[AsteriskServer]) -> None:
        self._run_apply(request, queryset, dry_run=False)

    @admin.action(description=_("Dry run: render, diff and check only"))
    def dry_run_configuration(self, request: HttpRequest, queryset: QuerySet[AsteriskServer]) -> None:
        self._run_apply(request, queryset, dry_run=True)
