"""Read rules for agents and teams: a supervisor sees their teams, an agent sees themself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callcenter.core.roles import Role
from callcenter.core.visibility import RoleVisibleQuerySet

if TYPE_CHECKING:
    from callcenter.agents.models import Agent, Team  # noqa: F401  (named in string generics)

# Who sees every team and agent: payroll pays them all.
_SEE_EVERYONE = (Role.ADMIN, Role.MANAGER, Role.PAYROLL)


class TeamQuerySet(RoleVisibleQuerySet["Team"]):
    """Teams, filtered by role: a supervisor sees the teams they supervise, an agent their own."""

    sees_all = _SEE_EVERYONE

    def supervisor_rows(self, user: Any) -> TeamQuerySet:
        return self.filter(supervisors=user)

    def agent_rows(self, user: Any) -> TeamQuerySet:
        return self.filter(agents__user=user)


class AgentQuerySet(RoleVisibleQuerySet["Agent"]):
    """Agents, filtered by role: a supervisor sees their teams' agents, an agent themself."""

    sees_all = _SEE_EVERYONE

    def supervisor_rows(self, user: Any) -> AgentQuerySet:
        return self.filter(team__supervisors=user).distinct()

    def agent_rows(self, user: Any) -> AgentQuerySet:
        return self.filter(user=user)

    def active(self) -> AgentQuerySet:
        return self.filter(active=True)
