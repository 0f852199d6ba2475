"""One item of the live state as one viewer sees it (None: hidden): an agent, a queue, a call or an
endpoint, and the agents the viewer may act on."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings

from callcenter.live.messages import (
    BoardAgent,
    BoardCall,
    BoardCaller,
    BoardEndpoint,
    BoardItem,
    BoardQueue,
    RosterEntry,
)
from callcenter.wallboard import endpoints, livestate, pauses
from callcenter.wallboard.board.scope import Scope

DEFAULT_SL_GOAL_PCT = 80


def sl_goal_pct() -> int:
    return int(getattr(settings, "WALLBOARD_SL_GOAL_PCT", DEFAULT_SL_GOAL_PCT))


def agent_view(
    scope: Scope, server: str, interface: str, live: Mapping[str, Any] | None
) -> BoardAgent | None:
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
        "paused_queues": livestate.paused_queues(queues),
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


def roster(scope: Scope) -> list[RosterEntry]:
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


def pause_alarms(frame_agents: Mapping[str, BoardAgent], now: float) -> list[BoardAgent]:
    """The board's agent items whose pause has run over its limit at ``now`` (what the browser marks)."""
    return [
        agent
        for agent in frame_agents.values()
        if agent["pause_alarm_at"] is not None and agent["pause_alarm_at"] <= now
    ]


def queue_view(scope: Scope, server: str, name: str, live: Mapping[str, Any] | None) -> BoardQueue | None:
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
        "waiting": [{"callid": entry.get("callid"), **_caller_view(entry)} for entry in waiting],
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


def _caller_view(call: Mapping[str, Any]) -> BoardCaller:
    """Who calls and where the call stands, as a waiting entry and a call of the board show it."""
    return {
        "caller": call.get("caller") or "",
        "caller_name": call.get("caller_name") or "",
        "position": call.get("position"),
        "joined_at": call.get("joined_at"),
        "state": call.get("state"),
    }


def call_view(scope: Scope, server: str, callid: str, live: Mapping[str, Any] | None) -> BoardCall | None:
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
        **_caller_view(live),
        "answered_at": live.get("answered_at"),
        "agent_interface": live.get("agent_interface"),
    }


def endpoint_view(
    scope: Scope, server: str, name: str, live: Mapping[str, Any] | None
) -> BoardEndpoint | None:
    """A trunk or phone of the panel (``callcenter.wallboard.endpoints``)."""
    return endpoints.endpoint_view(scope, server, name, live)


ItemView = Callable[[Scope, str, str, Mapping[str, Any] | None], BoardItem | None]
VIEWS: dict[str, ItemView] = {
    "agents": agent_view,
    "queues": queue_view,
    "calls": call_view,
    "endpoints": endpoint_view,
}


def frame_key(collection: str, server: str, key: str) -> str:
    """Queues are per node (the same name may exist on two nodes); members and calls are unique anyway."""
    return f"{server}/{key}" if collection in ("queues", "endpoints") else key


def view(
    scope: Scope, collection: str, server: str, key: str, live: Mapping[str, Any] | None
) -> BoardItem | None:
    return VIEWS[collection](scope, server, key, live)
