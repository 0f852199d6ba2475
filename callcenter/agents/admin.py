"""Admin of agents, teams and pause reasons."""

from __future__ import annotations

from django.contrib import admin

from callcenter.agents import actions
from callcenter.agents.models import Agent, PauseReason, QueueMembership, Team
from callcenter.core.admin import ActionsModelAdmin


class MembershipInline(admin.TabularInline):
    model = QueueMembership
    extra = 0


@admin.register(Agent)
class AgentAdmin(ActionsModelAdmin):
    actions_module = actions
    list_display = ["display_name", "payroll_number", "extension", "member_name", "team", "active"]
    list_filter = ["team", "active", "language"]
    search_fields = ["display_name", "payroll_number", "extension", "member_name"]
    inlines = [MembershipInline]


@admin.register(Team)
class TeamAdmin(ActionsModelAdmin):
    actions_module = actions
    list_display = ["name"]
    filter_horizontal = ["supervisors", "queues"]


@admin.register(PauseReason)
class PauseReasonAdmin(ActionsModelAdmin):
    actions_module = actions
    list_display = ["code", "label", "paid", "max_minutes", "active"]
