"""Admin of what routes a call: queues, schedules, IVR menus and inbound routes."""

from __future__ import annotations

from django.contrib import admin

from callcenter.core.admin import ActionsModelAdmin
from callcenter.pbx import actions
from callcenter.pbx.admin.widgets import PromptFieldsMixin
from callcenter.pbx.models import Holiday, InboundRoute, IVRMenu, IVROption, Queue, Schedule, ScheduleRule


@admin.register(Queue)
class QueueAdmin(PromptFieldsMixin[Queue], ActionsModelAdmin[Queue]):
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


class ScheduleRuleInline(admin.TabularInline[ScheduleRule, Schedule]):
    model = ScheduleRule
    extra = 0


class HolidayInline(admin.TabularInline[Holiday, Schedule]):
    model = Holiday
    extra = 0


@admin.register(Schedule)
class ScheduleAdmin(ActionsModelAdmin[Schedule]):
    actions_module = actions
    list_display = ["name", "time_zone"]
    inlines = [ScheduleRuleInline, HolidayInline]


class IVROptionInline(admin.TabularInline[IVROption, IVRMenu]):
    model = IVROption
    fk_name = "menu"
    extra = 0


@admin.register(IVRMenu)
class IVRMenuAdmin(PromptFieldsMixin[IVRMenu], ActionsModelAdmin[IVRMenu]):
    actions_module = actions
    list_display = ["name", "greeting", "timeout_s", "max_retries"]
    inlines = [IVROptionInline]


@admin.register(InboundRoute)
class InboundRouteAdmin(PromptFieldsMixin[InboundRoute], ActionsModelAdmin[InboundRoute]):
    actions_module = actions
    list_display = ["did", "name", "destination", "queue", "ivr", "schedule"]
    search_fields = ["did", "name"]
