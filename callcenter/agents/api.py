"""REST API of agents, teams, memberships and pause reasons."""

from __future__ import annotations

from typing import Any

from callcenter.agents import actions
from callcenter.agents.models import Agent, PauseReason, QueueMembership, Team
from callcenter.core.api import ActionsModelViewSet
from callcenter.core.api.model_serializers import serializer_for

TeamSerializer = serializer_for(Team)
AgentSerializer = serializer_for(Agent, exclude=("queues",))
QueueMembershipSerializer = serializer_for(QueueMembership)
# A JSON number (15, 0.5), as it was while the limit was whole minutes.
PauseReasonSerializer = serializer_for(PauseReason, extra_kwargs={"max_minutes": {"coerce_to_string": False}})


class TeamViewSet(ActionsModelViewSet[Team]):
    """Teams; supervisors see their own."""

    model = Team
    actions = actions
    serializer_class = TeamSerializer
    read_roles = ("admin", "supervisor", "manager", "payroll")

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("supervisors", "queues")


class AgentViewSet(ActionsModelViewSet[Agent]):
    """Agents; supervisors see their teams' agents, payroll sees everyone, an agent sees themself."""

    model = Agent
    actions = actions
    serializer_class = AgentSerializer
    read_roles = ("admin", "supervisor", "manager", "payroll", "agent")


class QueueMembershipViewSet(ActionsModelViewSet[QueueMembership]):
    """Which agent is in which queue, with what penalty."""

    model = QueueMembership
    actions = actions
    serializer_class = QueueMembershipSerializer

    def get_queryset(self) -> Any:
        visible_agents = Agent.objects.visible_to(self.request.user)
        return QueueMembership.objects.filter(agent__in=visible_agents).select_related("agent", "queue")


class PauseReasonViewSet(ActionsModelViewSet[PauseReason]):
    """Pause reasons with their paid flag."""

    model = PauseReason
    actions = actions
    serializer_class = PauseReasonSerializer
    read_roles = ("admin", "supervisor", "manager", "payroll", "agent")
