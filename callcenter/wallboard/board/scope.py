"""What one viewer may see: the configured agents and queues of their scope, computed once per
connection (admins and managers see everything; a supervisor their teams)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from callcenter.accounts.models import Role
from callcenter.accounts.roles import LIVE_WATCHERS, has_role, role_of
from callcenter.agents.models import Agent
from callcenter.pbx.models import Queue
from callcenter.wallboard import pauses


@dataclass(frozen=True)
class AgentInfo:
    """A configured agent, as the board shows it."""

    agent_id: int
    display_name: str
    extension: str
    member_name: str
    interface: str
    team_id: int | None
    team: str
    can_act: bool
    # The configured memberships: dynamic ones log in and out, static ones are always in their queues.
    dynamic_queues: tuple[str, ...] = ()
    static_queues: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueueInfo:
    """A configured queue's wallboard settings."""

    name: str
    display_name: str
    service_level_s: int
    wait_amber_s: int
    wait_red_s: int
    team_ids: tuple[int, ...]


@dataclass
class Scope:
    """What one viewer may see, computed once per connection."""

    everything: bool
    queues: dict[str, QueueInfo] = field(default_factory=dict)
    agents_by_interface: dict[str, AgentInfo] = field(default_factory=dict)
    agents_by_member: dict[str, AgentInfo] = field(default_factory=dict)
    teams: dict[int, str] = field(default_factory=dict)
    # Pause reason code -> the longest such a pause may last (s): the board's pause-limit alarm.
    pause_limits: dict[str, float] = field(default_factory=dict)

    def agent_info(self, interface: str, member_name: str | None) -> AgentInfo | None:
        info = self.agents_by_interface.get(interface)
        if info is None and member_name:
            info = self.agents_by_member.get(member_name)
        return info


def may_watch(user: Any) -> bool:
    """Admins, supervisors and managers watch the board; agents have their own page."""
    return has_role(user, *LIVE_WATCHERS)


def scope_key(user: Any) -> tuple[str, tuple[int, ...]]:
    """Viewers with the same key have the same ``scope_for``: the role and, for a supervisor, the teams
    they supervise (their agents, the queues those teams work or their agents are members of)."""
    role = str(role_of(user) or "")
    if role == Role.SUPERVISOR:
        return (role, tuple(sorted(user.supervised_teams.values_list("pk", flat=True))))
    return (role, ())


def scope_for(user: Any) -> Scope:
    """The viewer's scope; admins and managers see everything, including members nobody configured."""
    role = role_of(user)
    everything = role in (Role.ADMIN, Role.MANAGER)
    scope = Scope(everything=everything)
    acting_teams: set[int] | None = None  # None: every team (admin)
    if role == Role.SUPERVISOR:
        acting_teams = set(user.supervised_teams.values_list("pk", flat=True))
    elif role != Role.ADMIN:
        acting_teams = set()
    for queue in Queue.objects.visible_to(user).prefetch_related("teams"):
        scope.queues[queue.name] = QueueInfo(
            name=queue.name,
            display_name=queue.display_name or queue.name,
            service_level_s=queue.service_level,
            wait_amber_s=queue.wait_amber_s,
            wait_red_s=queue.wait_red_s,
            team_ids=tuple(team.pk for team in queue.teams.all()),
        )
    scope.pause_limits = pauses.pause_limits()
    agents = Agent.objects.visible_to(user).filter(active=True).select_related("team")
    for agent in agents.prefetch_related("memberships__queue"):
        memberships = sorted(agent.memberships.all(), key=lambda membership: membership.queue.name)
        info = AgentInfo(
            agent_id=agent.pk,
            display_name=agent.display_name,
            extension=agent.extension,
            member_name=agent.member_name,
            interface=agent.effective_interface,
            team_id=agent.team_id,
            team=agent.team.name if agent.team else "",
            can_act=agent.team_id is not None and (acting_teams is None or agent.team_id in acting_teams),
            dynamic_queues=tuple(m.queue.name for m in memberships if not m.static),
            static_queues=tuple(m.queue.name for m in memberships if m.static),
        )
        scope.agents_by_interface[info.interface] = info
        scope.agents_by_member[info.member_name] = info
        if agent.team is not None:
            scope.teams[agent.team.pk] = agent.team.name
    return scope
