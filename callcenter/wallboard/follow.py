"""Agents follow their phones across the nodes of a group.

A dynamic member is logged in on one node. When that node is lost (its bridge's heartbeat is gone and the
node does not answer an AMI ``Ping`` either, so a dead bridge alone moves nobody) and the member's phone is
registered with a surviving node of the same group, the member is logged in there with the same queues,
penalties and pauses (``QueueAdd``), audited as ``wallboard.follow_phone``, and a ``SessionMove`` per queue
tells payroll that the two sessions are one. Should the lost node come back with the member still in its
queues (Asterisk restores dynamic members on restart), the member is removed there (``QueueRemove``): an
agent takes calls from one node at a time.

``follow_once`` does one pass over every group; ``callcenter.live.watchers`` runs it every
``FOLLOW_INTERVAL_MS`` in one process of the control plane (a lease), beside the bridges.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db.models import Q
from django.utils import timezone

from callcenter.agents import actions as agent_actions
from callcenter.agents.models import Agent, QueueMembership, SessionMove
from callcenter.ami.errors import AMIActionError, AMIError
from callcenter.ami.sync import call_action
from callcenter.audit.actions import record
from callcenter.live import store
from callcenter.pbx.models import AsteriskServer, NodeGroup
from callcenter.wallboard.actions.queue_steps import queue_add, queue_remove
from callcenter.wallboard.livestate import phone_registered

logger = logging.getLogger(__name__)

FOLLOW_ACTION = "wallboard.follow_phone"
UNFOLLOW_ACTION = "wallboard.follow_phone_cleanup"
PING_TIMEOUT_S = 1.0
ACTION_TIMEOUT_S = 5.0
_DEFAULT_TECH = "PJSIP/"  # an agent without an interface is rung at PJSIP/<extension>


@dataclass(frozen=True)
class Place:
    """A dynamic member's place in one queue, as the node's live state last showed it."""

    penalty: int
    paused: bool
    reason: str


@dataclass
class FollowResult:
    """What one pass did: members moved (interface, from, to) and members removed from a returned node."""

    moved: list[tuple[str, str, str]] = field(default_factory=list)
    removed: list[tuple[str, str, str]] = field(default_factory=list)  # (interface, server, queue)


def dynamic_places(snapshot: Mapping[str, Any]) -> dict[str, dict[str, Place]]:
    """Every dynamic member of a node's snapshot: interface -> queue -> place."""
    found: dict[str, dict[str, Place]] = {}
    for interface, agent in (snapshot.get("agents") or {}).items():
        for queue, member in (agent.get("queues") or {}).items():
            if member.get("membership") == "dynamic":
                found.setdefault(interface, {})[queue] = Place(
                    int(member.get("penalty") or 0),
                    bool(member.get("paused")),
                    member.get("pause_reason") or "",
                )
    return found


def node_answers(server: AsteriskServer) -> bool:
    """The node answers an AMI Ping (a lost heartbeat with a live node means only its bridge is down)."""
    try:
        call_action(server, "Ping", timeout=PING_TIMEOUT_S)
    except (AMIError, OSError):
        return False
    return True


def _tolerating_no_change(step: Callable[[], str]) -> str:
    """Run a QueueAdd or QueueRemove; "already there" or "not there" is Asterisk's answer, not an error."""
    try:
        return step()
    except AMIActionError as exc:
        if "Already there" in exc.message or "Not there" in exc.message:
            return exc.message
        raise


def _move(agent: Agent, places: dict[str, Place], lost: AsteriskServer, target: AsteriskServer) -> bool:
    """Log the member in on ``target`` in the queues it had on ``lost``; False when the target refused."""
    interface = agent.effective_interface
    dynamic = set(
        QueueMembership.objects.filter(agent=agent, static=False, queue__name__in=list(places)).values_list(
            "queue__name", flat=True
        )
    )
    moved_at = timezone.now()
    changes: dict[str, Any] = {"agent": agent.member_name, "from": lost.name, "to": target.name}
    for queue in sorted(dynamic):
        place = places[queue]
        add = partial(
            queue_add,
            target,
            queue,
            interface,
            agent.member_name,
            penalty=place.penalty,
            timeout=ACTION_TIMEOUT_S,
            paused=place.paused,
            reason=place.reason,
        )
        try:
            detail = _tolerating_no_change(add)
        except (AMIError, OSError) as exc:
            record(
                None,
                FOLLOW_ACTION,
                agent,
                changes={**changes, "queue": queue},
                result="error",
                detail=str(exc),
            )
            return False
        record(None, FOLLOW_ACTION, agent, changes={**changes, "queue": queue}, detail=detail)
        agent_actions.save(
            None,
            SessionMove(
                agent=agent,
                queue=queue,
                interface=interface,
                from_server=lost.name,
                to_server=target.name,
                moved_at=moved_at,
            ),
        )
    return bool(dynamic)


def _clean_up(agent: Agent, node: AsteriskServer, queues: list[str], result: FollowResult) -> None:
    """The member moved away from ``node`` is back in its queues there: remove it from them."""
    interface = agent.effective_interface
    for queue in queues:
        changes = {"agent": agent.member_name, "server": node.name, "queue": queue}
        try:
            detail = _tolerating_no_change(
                partial(queue_remove, node, queue, interface, timeout=ACTION_TIMEOUT_S)
            )
        except (AMIError, OSError) as exc:
            record(None, UNFOLLOW_ACTION, agent, changes=changes, result="error", detail=str(exc))
            continue
        record(None, UNFOLLOW_ACTION, agent, changes=changes, detail=detail)
        result.removed.append((interface, node.name, queue))


def _agents_by_interface(interfaces: set[str]) -> dict[str, Agent]:
    """The agents whose phone is one of ``interfaces``, by interface (no query for none)."""
    if not interfaces:
        return {}
    extensions = [
        iface.removeprefix(_DEFAULT_TECH) for iface in interfaces if iface.startswith(_DEFAULT_TECH)
    ]
    rows = Agent.objects.filter(Q(interface__in=interfaces) | Q(interface="", extension__in=extensions))
    return {agent.effective_interface: agent for agent in rows if agent.effective_interface in interfaces}


def follow_group(
    nodes: list[AsteriskServer],
    *,
    connected: Callable[[str], bool] = store.is_connected,
    read: Callable[[str], Mapping[str, Any]] = store.read_snapshot,
    answers: Callable[[AsteriskServer], bool] = node_answers,
) -> FollowResult:
    """One pass over one group's enabled nodes (in name order)."""
    result = FollowResult()
    healthy = [node for node in nodes if connected(node.name)]
    if not healthy:
        return result
    snapshots = {node.name: read(node.name) for node in nodes}
    places = {name: dynamic_places(snapshot) for name, snapshot in snapshots.items()}
    lost_nodes = [node for node in nodes if node not in healthy]
    # Only members that may move (shown on a lost node) or be cleaned up (shown on two healthy nodes).
    shown = Counter(iface for node in healthy for iface in places[node.name])
    needed = {iface for node in lost_nodes for iface in places[node.name]}
    agents = _agents_by_interface(needed | {iface for iface, count in shown.items() if count > 1})
    for lost in lost_nodes:
        waiting = [iface for iface in places[lost.name] if iface in agents]
        waiting = [iface for iface in waiting if not any(iface in places[n.name] for n in healthy)]
        if not waiting or answers(lost):
            continue
        for interface in waiting:
            target = next((n for n in healthy if phone_registered(snapshots[n.name], interface)), None)
            if target is not None and _move(agents[interface], places[lost.name][interface], lost, target):
                result.moved.append((interface, lost.name, target.name))
    for interface, agent in agents.items():
        on = [node for node in healthy if interface in places[node.name]]
        if len(on) < 2:
            continue
        last = SessionMove.objects.filter(interface=interface).order_by("-moved_at", "-pk").first()
        if last is None or last.to_server not in {node.name for node in on}:
            continue
        for node in on:
            if node.name != last.to_server:
                _clean_up(agent, node, sorted(places[node.name][interface]), result)
    return result


def follow_once() -> FollowResult:
    """One pass over every node group with two or more enabled nodes."""
    result = FollowResult()
    for group in NodeGroup.objects.all():
        nodes = list(AsteriskServer.objects.filter(group=group, enabled=True).order_by("name"))
        if len(nodes) < 2:
            continue
        found = follow_group(nodes)
        result.moved += found.moved
        result.removed += found.removed
    for interface, lost, target in result.moved:
        logger.warning("event=agent_followed_phone interface=%s from=%s to=%s", interface, lost, target)
    return result
