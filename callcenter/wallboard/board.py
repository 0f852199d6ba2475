"""What one viewer may see of the live state, and the frames the wallboard sends them.

The live state (callcenter.live) knows queue members by interface and queues by name. The board adds
what the configuration knows (the agent's name, extension and team; the queue's display name, service
level and amber/red thresholds) and leaves out whatever the viewer may not see: a supervisor gets only
their teams' agents and the queues those teams work (``.visible_to(user)``), and of the PJSIP trunks and
phones the trunks and their agents' phones (``callcenter.wallboard.endpoints``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from callcenter.accounts.models import Role
from callcenter.accounts.roles import LIVE_WATCHERS, has_role, role_of
from callcenter.agents.models import Agent
from callcenter.pbx.models import Queue
from callcenter.wallboard import endpoints, pauses

COLLECTIONS = ("agents", "queues", "calls", "endpoints")
DEFAULT_SL_GOAL_PCT = 80


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


def sl_goal_pct() -> int:
    return int(getattr(settings, "WALLBOARD_SL_GOAL_PCT", DEFAULT_SL_GOAL_PCT))


# --- one item of the live state -> what the viewer sees (None: hidden) ----------------------------


def agent_view(
    scope: Scope, server: str, interface: str, live: dict[str, Any] | None
) -> dict[str, Any] | None:
    if live is None:
        return None
    info = scope.agent_info(interface, live.get("name"))
    if info is None and not scope.everything:
        return None
    queues = live.get("queues") or {}
    limited = pauses.limited_pause(server, interface, live, scope.pause_limits)
    return {
        "id": interface,
        "server": server,
        "interface": interface,
        "member_name": live.get("name") or interface,
        "name": info.display_name if info else (live.get("name") or interface),
        "extension": info.extension if info else "",
        "agent_id": info.agent_id if info else None,
        "team_id": info.team_id if info else None,
        "team": info.team if info else "",
        "can_act": info.can_act if info else False,
        "state": live.get("state") or "idle",
        "state_since": live.get("state_since"),
        "paused": bool(live.get("paused")),
        "pause_reason": live.get("pause_reason"),
        # Pause is per queue: the queues this member is paused in, with each one's reason.
        "paused_queues": {
            name: (member or {}).get("pause_reason") or ""
            for name, member in sorted(queues.items())
            if (member or {}).get("paused")
        },
        "queues": sorted(queues),
        # Configured memberships (what the supervisor may log the agent in to or out of).
        "dynamic_queues": list(info.dynamic_queues) if info else [],
        "static_queues": list(info.static_queues) if info else [],
        # Pause limit: from pause_alarm_at on, the pause has run longer than its reason allows.
        "paused_since": live.get("paused_since"),
        "pause_alarm_at": limited.alarm_at if limited else None,
        "pause_limit_s": limited.limit_s if limited else None,
        "pause_limit_reason": limited.reason if limited else "",
        "current_call": live.get("current_call"),
        "answered_today": live.get("answered_today") or 0,
    }


def roster(scope: Scope) -> list[dict[str, Any]]:
    """The agents the viewer may act on, as configured: the board lists those Asterisk does not have
    (logged out of every queue) so that a supervisor can log them in."""
    return [
        {
            "agent_id": info.agent_id,
            "interface": info.interface,
            "member_name": info.member_name,
            "name": info.display_name,
            "extension": info.extension,
            "team_id": info.team_id,
            "dynamic_queues": list(info.dynamic_queues),
            "static_queues": list(info.static_queues),
        }
        for info in sorted(scope.agents_by_interface.values(), key=lambda info: info.display_name)
        if info.can_act
    ]


def pause_alarms(frame_agents: dict[str, dict[str, Any]], now: float) -> list[dict[str, Any]]:
    """The board's agent items whose pause has run over its limit at ``now`` (what the browser marks)."""
    return [
        agent
        for agent in frame_agents.values()
        if agent.get("pause_alarm_at") is not None and float(agent["pause_alarm_at"]) <= now
    ]


def queue_view(scope: Scope, server: str, name: str, live: dict[str, Any] | None) -> dict[str, Any] | None:
    if live is None:
        return None
    info = scope.queues.get(name)
    if info is None and not scope.everything:
        return None
    today = live.get("today") or {}
    waiting = live.get("waiting") or []
    joined = [entry["joined_at"] for entry in waiting if entry.get("joined_at") is not None]
    return {
        "id": frame_key("queues", server, name),
        "server": server,
        "name": name,
        "display_name": info.display_name if info else name,
        "team_ids": list(info.team_ids) if info else [],
        "waiting": [
            {
                "callid": entry.get("callid"),
                "caller": entry.get("caller") or "",
                "caller_name": entry.get("caller_name") or "",
                "position": entry.get("position"),
                "joined_at": entry.get("joined_at"),
                "state": entry.get("state"),
            }
            for entry in waiting
        ],
        "waiting_count": live.get("waiting_count", len(waiting)),
        "oldest_joined_at": min(joined) if joined else None,
        "agents": live.get("agents") or {},
        "offered": today.get("offered", 0),
        "answered": today.get("answered", 0),
        "abandoned": today.get("abandoned", 0),
        "sl_pct": live.get("service_level_pct"),
        "sl_target_s": info.service_level_s if info else live.get("service_level_s"),
        "sl_goal_pct": sl_goal_pct(),
        "wait_amber_s": info.wait_amber_s if info else 30,
        "wait_red_s": info.wait_red_s if info else 60,
    }


def call_view(scope: Scope, server: str, callid: str, live: dict[str, Any] | None) -> dict[str, Any] | None:
    """An active call (waiting, ringing or talking); finished calls leave the board."""
    if live is None or live.get("final") or live.get("ended_at") is not None:
        return None
    visible = (
        scope.everything
        or live.get("queue") in scope.queues
        or scope.agent_info(live.get("agent_interface") or "", live.get("agent")) is not None
    )
    if not visible:
        return None
    return {
        "id": callid,
        "server": server,
        "queue": live.get("queue"),
        "caller": live.get("caller") or "",
        "caller_name": live.get("caller_name") or "",
        "state": live.get("state"),
        "position": live.get("position"),
        "joined_at": live.get("joined_at"),
        "answered_at": live.get("answered_at"),
        "agent_interface": live.get("agent_interface"),
    }


def endpoint_view(scope: Scope, server: str, name: str, live: dict[str, Any] | None) -> dict[str, Any] | None:
    """A trunk or phone of the panel (``callcenter.wallboard.endpoints``)."""
    found = endpoints.endpoint_view(scope, server, name, live)
    return {**found} if found is not None else None


VIEWS = {"agents": agent_view, "queues": queue_view, "calls": call_view, "endpoints": endpoint_view}


def frame_key(collection: str, server: str, key: str) -> str:
    """Queues are per node (the same name may exist on two nodes); members and calls are unique anyway."""
    return f"{server}/{key}" if collection in ("queues", "endpoints") else key


def view(
    scope: Scope, collection: str, server: str, key: str, live: dict[str, Any] | None
) -> dict[str, Any] | None:
    return VIEWS[collection](scope, server, key, live)


def snapshot_frame(
    scope: Scope,
    snapshots: dict[str, dict[str, Any]],
    spies: list[dict[str, Any]],
) -> dict[str, Any]:
    """The whole board for one viewer, from every node's snapshot."""
    frame: dict[str, Any] = {"type": "snapshot", "server_time": time.time(), "servers": {}, "channels": {}}
    for collection in COLLECTIONS:
        frame[collection] = {}
    for server, snap in sorted(snapshots.items()):
        frame["servers"][server] = {
            "connected": bool(snap.get("connected")),
            "generated_at": snap.get("generated_at"),
            "trunks_down": endpoints.trunks_down(snap),
        }
        frame["channels"][server] = snap.get("channels") or {}
        for collection in COLLECTIONS:
            for key, live in (snap.get(collection) or {}).items():
                item = view(scope, collection, server, key, live)
                if item is not None:
                    frame[collection][frame_key(collection, server, key)] = item
    frame["spies"] = {str(spy["id"]): spy for spy in spies}
    return frame
