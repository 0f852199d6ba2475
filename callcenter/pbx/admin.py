"""Admin of the PBX configuration."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from callcenter.core.admin import ActionsModelAdmin
from callcenter.pbx import actions
from callcenter.pbx.models import (
    AsteriskServer,
    Holiday,
    InboundRoute,
    IVRMenu,
    IVROption,
    Queue,
    Schedule,
    ScheduleRule,
    Trunk,
)


class AsteriskServerForm(forms.ModelForm):  # type: ignore[type-arg]
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
            "enabled",
        ]


@admin.register(AsteriskServer)
class AsteriskServerAdmin(ActionsModelAdmin):
    actions_module = actions
    form = AsteriskServerForm
    list_display = ["name", "ami_host", "ami_port", "ami_username", "enabled"]


class TrunkForm(forms.ModelForm):  # type: ignore[type-arg]
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
class TrunkAdmin(ActionsModelAdmin):
    actions_module = actions
    form = TrunkForm
    list_display = ["name", "host", "transport", "max_channels", "enabled"]


@admin.register(Queue)
class QueueAdmin(ActionsModelAdmin):
    actions_module = actions
    list_display = [
        "name",
        "strategy",
        "timeout",
        "service_level",
        "maxlen",
        "survey_enabled",
        "callback_enabled",
    ]
    list_filter = ["strategy", "survey_enabled", "callback_enabled"]
    search_fields = ["name", "display_name"]


class ScheduleRuleInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ScheduleRule
    extra = 0


class HolidayInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Holiday
    extra = 0


@admin.register(Schedule)
class ScheduleAdmin(ActionsModelAdmin):
    actions_module = actions
    list_display = ["name", "time_zone"]
    inlines = [ScheduleRuleInline, HolidayInline]


class IVROptionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = IVROption
    fk_name = "menu"
    extra = 0


@admin.register(IVRMenu)
class IVRMenuAdmin(ActionsModelAdmin):
    actions_module = actions
    list_display = ["name", "greeting", "timeout_s", "max_retries"]
    inlines = [IVROptionInline]


@admin.register(InboundRoute)
class InboundRouteAdmin(ActionsModelAdmin):
    actions_module = actions
    list_display = ["did", "name", "destination", "queue", "ivr", "schedule"]
    search_fields = ["did", "name"]
