"""Admin of agents, teams and pause reasons."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from callcenter.accounts.readonly_admin import ReadOnlyAdmin
from callcenter.agents import actions
from callcenter.agents.models import Agent, PauseReason, QueueMembership, SessionMove, Team
from callcenter.core.admin import ActionsModelAdmin

MEMBERSHIP_HELP = _(
    "Dynamic (the default): the agent logs in and out (agent page, or *70 / *71 on the desk phone), and "
    "payroll hours and occupancy count the log-in sessions. Static: written into queues.conf and always "
    "in the queue; it cannot log out, and with no sessions its hours are estimated from the calls."
)


class MembershipInline(admin.TabularInline[QueueMembership, Agent]):
    model = QueueMembership
    extra = 0
    verbose_name_plural = _("queue memberships (dynamic unless ticked static)")


@admin.register(Agent)
class AgentAdmin(ActionsModelAdmin[Agent]):
    actions_module = actions
    list_display = ["display_name", "payroll_number", "extension", "member_name", "team", "active"]
    list_filter = ["team", "active", "language"]
    search_fields = ["display_name", "payroll_number", "extension", "member_name"]
    inlines = [MembershipInline]


@admin.register(QueueMembership)
class QueueMembershipAdmin(ActionsModelAdmin[QueueMembership]):
    actions_module = actions
    list_display = ["agent", "queue", "penalty", "membership"]
    list_filter = ["queue", "static"]
    search_fields = ["agent__display_name", "agent__extension", "agent__member_name", "queue__name"]
    list_select_related = ["agent", "queue"]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        extra_context = {**(extra_context or {}), "subtitle": MEMBERSHIP_HELP}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("membership"), ordering="static")
    def membership(self, obj: QueueMembership) -> str:
        return str(_("static: no log-out, hours from calls") if obj.static else _("dynamic: logs in and out"))


@admin.register(Team)
class TeamAdmin(ActionsModelAdmin[Team]):
    actions_module = actions
    list_display = ["name"]
    filter_horizontal = ["supervisors", "queues"]


@admin.register(PauseReason)
class PauseReasonAdmin(ActionsModelAdmin[PauseReason]):
    actions_module = actions
    list_display = ["code", "label", "paid", "max_minutes", "active"]


@admin.register(SessionMove)
class SessionMoveAdmin(ReadOnlyAdmin[SessionMove]):
    """Sessions carried to another node of a group when their node was lost (written by the phone follower)."""

    list_display = ["moved_at", "agent", "queue", "from_server", "to_server"]
    list_filter = ["from_server", "to_server", "queue"]
    search_fields = ["agent__display_name", "agent__member_name", "interface"]
