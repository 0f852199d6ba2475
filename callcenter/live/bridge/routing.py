"""Channel-layer groups and the messages each one gets: ``live.all`` always; per queue and per team
(``live.queue.<name>``, ``live.team.<id>``) only with scoped groups, each with the part of a delta it
may see."""

from __future__ import annotations

import re
from typing import cast

from callcenter.live.bridge.config import Routing
from callcenter.live.messages import (
    Delta,
    LiveDeltaMessage,
    LiveMessage,
    LiveResyncMessage,
    LiveStatusMessage,
    Snapshot,
)

GROUP_ALL = "live.all"
_GROUP_SAFE = re.compile(r"^[A-Za-z0-9_.\-]{1,80}$")


def queue_group(name: str) -> str:
    return f"live.queue.{name}"


def team_group(team_id: int) -> str:
    return f"live.team.{team_id}"


def split_delta(delta: Delta, routing: Routing) -> dict[str, Delta]:
    """The parts of one delta each group may see: ``{group: {"calls", "agents", "queues"}}``."""
    groups: dict[str, Delta] = {}

    def part(group: str) -> Delta:
        if group not in groups:
            groups[group] = {"calls": {}, "agents": {}, "queues": {}}
        return groups[group]

    for name, queue in delta["queues"].items():
        part(queue_group(name))["queues"][name] = queue
        for team in routing.queue_teams.get(name, ()):
            part(team_group(team))["queues"][name] = queue
    for callid, call in delta["calls"].items():
        if call is None:
            # Dropped without an outcome (resync): its queue changed too, so it is in this delta.
            for name in delta["queues"]:
                part(queue_group(name))["calls"][callid] = None
            continue
        part(queue_group(call["queue"]))["calls"][callid] = call
        teams = set(routing.queue_teams.get(call["queue"], ()))
        agent_team = routing.agent_teams.get(call.get("agent_interface") or "")
        if agent_team is not None:
            teams.add(agent_team)
        for team in teams:
            part(team_group(team))["calls"][callid] = call
    for interface, agent in delta["agents"].items():
        # A removed agent (None) no longer lists its queues; the queues it left are in this delta.
        queue_names = list(agent["queues"]) if agent is not None else list(delta["queues"])
        for name in queue_names:
            part(queue_group(name))["agents"][interface] = agent
        agent_team = routing.agent_teams.get(interface)
        if agent_team is not None:
            part(team_group(agent_team))["agents"][interface] = agent
    return {group: body for group, body in groups.items() if _GROUP_SAFE.match(group)}


def live_messages(
    kind: str, payload: Delta | Snapshot | bool, server: str, seq: int, routing: Routing, scoped: bool
) -> list[tuple[str, LiveMessage]]:
    """The channel-layer messages of one outbox entry (``kind``: delta, snapshot or status): ``live.all``
    always, the per-queue and per-team groups only with ``scoped`` (nothing in the project reads them;
    the boards filter)."""
    messages: list[tuple[str, LiveMessage]]
    if kind == "delta":
        delta = cast(Delta, payload)
        messages = [(GROUP_ALL, _delta_message(server, seq, delta))]
        if scoped:
            messages += [
                (group, _delta_message(server, seq, body))
                for group, body in split_delta(delta, routing).items()
            ]
        return messages
    if kind == "snapshot":
        resync: LiveResyncMessage = {"type": "live.resync", "server": server, "seq": seq}
        messages = [(GROUP_ALL, resync)]
        if scoped:
            groups = {queue_group(name) for name in cast(Snapshot, payload)["queues"]} | {
                team_group(team) for teams in routing.queue_teams.values() for team in teams
            }
            messages += [
                (group, {"type": "live.resync", "server": server, "seq": seq})
                for group in sorted(groups)
                if _GROUP_SAFE.match(group)
            ]
        return messages
    status: LiveStatusMessage = {
        "type": "live.status",
        "server": server,
        "seq": seq,
        "connected": bool(payload),
    }
    return [(GROUP_ALL, status)]


def _delta_message(server: str, seq: int, delta: Delta) -> LiveDeltaMessage:
    return {"type": "live.delta", "server": server, "seq": seq, **delta}
