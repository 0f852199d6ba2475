"""Who may act on whom: supervisors on the agents of their team, agents on themselves."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from callcenter.accounts.models import Role
from callcenter.accounts.roles import has_role, role_of
from callcenter.agents.models import Agent
from callcenter.wallboard.actions.errors import WallboardActionError


def can_supervise(user: Any, agent: Agent) -> bool:
    """Admins, and supervisors of the agent's own team, may spy on, pause or log out that agent."""
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    if role != Role.SUPERVISOR or agent.team_id is None:
        return False
    return agent.team is not None and agent.team.supervisors.filter(pk=user.pk).exists()


def require_supervision(user: Any, agent: Agent) -> None:
    """Refuse (403) unless the user may supervise the agent."""
    if not can_supervise(user, agent):
        raise WallboardActionError(_("Only a supervisor of this agent's team may do that."), status=403)


def agent_of(user: Any) -> Agent:
    """The active agent linked to this user, who must have the agent role."""
    if not has_role(user, Role.AGENT):
        raise WallboardActionError(_("This page is for agents."), status=403)
    agent = Agent.objects.filter(user=user, active=True).first()
    if agent is None:
        raise WallboardActionError(_("Your account is not linked to an agent."), status=403)
    return agent
