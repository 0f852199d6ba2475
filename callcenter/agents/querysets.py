"""Read rules for agents and teams: a supervisor sees their teams, an agent sees themself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from callcenter.accounts.models import Role
from callcenter.accounts.roles import role_of

if TYPE_CHECKING:
    from callcenter.agents.models import Agent, Team  # noqa: F401  (named in string generics)


class TeamQuerySet(models.QuerySet["Team"]):
    """Teams, filtered by role."""

    def visible_to(self, user: Any) -> TeamQuerySet:
        role = role_of(user)
        if role in (Role.ADMIN, Role.MANAGER, Role.PAYROLL):
            return self.all()
        if role == Role.SUPERVISOR:
            return self.filter(supervisors=user)
        if role == Role.AGENT:
            return self.filter(agents__user=user)
        return self.none()


class AgentQuerySet(models.QuerySet["Agent"]):
    """Agents, filtered by role."""

    def visible_to(self, user: Any) -> AgentQuerySet:
        role = role_of(user)
        if role in (Role.ADMIN, Role.MANAGER, Role.PAYROLL):
            return self.all()
        if role == Role.SUPERVISOR:
            return self.filter(team__supervisors=user).distinct()
        if role == Role.AGENT:
            return self.filter(user=user)
        return self.none()

    def active(self) -> AgentQuerySet:
        return self.filter(active=True)
