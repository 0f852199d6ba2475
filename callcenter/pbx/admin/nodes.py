"""Admin of the Asterisk nodes, their trunks and phone accounts, and the configuration applies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from callcenter.accounts.models import Role
from callcenter.accounts.readonly_admin import NoWritesAdmin
from callcenter.accounts.roles import has_role
from callcenter.core.admin import ActionsModelAdmin
from callcenter.pbx import actions
from callcenter.pbx.actions import apply_configuration, rollback_configuration
from callcenter.pbx.models import AsteriskServer, ConfigApply, PhoneAccount, Trunk


class AsteriskServerForm(forms.ModelForm[AsteriskServer]):
    ami_secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)

    class Meta:
        model = AsteriskServer
        fields = [
            "name",
            "ami_host",
            "ami_port",
            "ami_username",
            "ami_secret",
            "ami_secret_env",
            "queue_log_path",
            "config_dir",
            "recordings_dir",
            "sip_port",
            "enabled",
            "group",
        ]


@admin.register(AsteriskServer)
class AsteriskServerAdmin(ActionsModelAdmin[AsteriskServer]):
    actions_module = actions
    form = AsteriskServerForm
    list_display = ["name", "ami_host", "ami_port", "ami_username", "group", "enabled"]
    actions = ["apply_configuration", "dry_run_configuration"]

    def _run_apply(self, request: HttpRequest, queryset: QuerySet[AsteriskServer], *, dry_run: bool) -> None:
        if not has_role(request.user, Role.ADMIN):
            self.message_user(request, _("Only administrators apply configuration."), messages.ERROR)
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


class TrunkForm(forms.ModelForm[Trunk]):
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)

    class Meta:
        model = Trunk
        fields = [
            "name",
            "server",
            "host",
            "port",
            "transport",
            "username",
            "secret",
            "from_user",
            "codecs",
            "max_channels",
            "outbound_prefix",
            "caller_id",
            "enabled",
        ]


@admin.register(Trunk)
class TrunkAdmin(ActionsModelAdmin[Trunk]):
    actions_module = actions
    form = TrunkForm
    list_display = ["name", "host", "transport", "max_channels", "enabled"]


def report_apply(model_admin: admin.ModelAdmin[Any], request: HttpRequest, entry: ConfigApply) -> None:
    """One admin message per apply: its outcome, with the error when it failed."""
    ok = entry.status in (
        ConfigApply.Status.APPLIED,
        ConfigApply.Status.UNCHANGED,
        ConfigApply.Status.DRY_RUN,
    )
    text = _("%(server)s: %(status)s (version %(version)s, changed: %(files)s, reloaded: %(modules)s)") % {
        "server": entry.server.name,
        "status": entry.get_status_display(),
        "version": entry.version or "-",
        "files": ", ".join(entry.changed_files) or "-",
        "modules": ", ".join(entry.reloaded) or "-",
    }
    if entry.error:
        text = f"{text}: {entry.error[:2000]}"
    model_admin.message_user(request, text, messages.SUCCESS if ok else messages.ERROR)


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
        if not has_role(request.user, Role.ADMIN):
            self.message_user(request, _("Only administrators roll back configuration."), messages.ERROR)
            return
        chosen = list(queryset.exclude(version=None))
        if len(chosen) != 1 or chosen[0].status != ConfigApply.Status.APPLIED:
            self.message_user(request, _("Choose exactly one applied version."), messages.ERROR)
            return
        entry = rollback_configuration(request.user, chosen[0].server, chosen[0].version or 0)
        report_apply(self, request, entry)


class PhoneAccountForm(forms.ModelForm[PhoneAccount]):
    secret = forms.CharField(widget=forms.PasswordInput(render_value=False), required=True)

    class Meta:
        model = PhoneAccount
        fields = ["extension", "secret"]


@admin.register(PhoneAccount)
class PhoneAccountAdmin(ActionsModelAdmin[PhoneAccount]):
    """SIP passwords of desk phones; the password is write-only here."""

    actions_module = actions
    form = PhoneAccountForm
    list_display = ["extension", "updated_at"]
    search_fields = ["extension"]
