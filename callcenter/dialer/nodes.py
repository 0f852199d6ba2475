"""Which Asterisk node a campaign originates on, and which of its agents a lost node takes away.

A campaign's *home node* is its trunk's node, else its queue's node, else the first enabled node. When the
home node belongs to a node group (``pbx.NodeGroup``), the campaign dials through every enabled node of that
group: each Originate goes to the next *healthy* one in turn. A node is healthy while the live store has the
bridge's heartbeat for it (``callcenter.live.store.is_connected``, the same test that shows "node lost" on
the boards): the heartbeat expires ``LIVE_HEARTBEAT_TTL_MS`` (3 s) after the node's AMI stream stops, and
liveness is read again before every Originate, so no call is placed on a lost node after that. When the
heartbeat comes back the node takes calls again. Callbacks and preview calls go the same way (they use the
same transport).

Pacing counts only the agents a healthy node can reach: an agent the live state shows only on lost nodes
of the campaign's group is neither free nor busy for the dialer.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import redis

from callcenter.dialer.transport import (
    AMIClientTransport,
    DialerTransport,
    OriginateRequest,
    TransportUnavailable,
)
from callcenter.live.store import is_connected, read_snapshot
from callcenter.pbx.models import AsteriskServer

if TYPE_CHECKING:
    from callcenter.agents.models import Agent
    from callcenter.dialer.models import Campaign

logger = logging.getLogger(__name__)

TransportFactory = Callable[[AsteriskServer], DialerTransport]
_TURNS: dict[tuple[str, ...], itertools.count[int]] = {}


def home_node(campaign: Campaign) -> AsteriskServer | None:
    """The node that places a campaign's calls: its trunk's, else its queue's, else the first enabled."""
    for candidate in (
        campaign.trunk.server if campaign.trunk else None,
        campaign.queue.server if campaign.queue else None,
    ):
        if candidate is not None and candidate.enabled:
            return candidate
    return AsteriskServer.objects.filter(enabled=True).order_by("name").first()


def campaign_nodes(campaign: Campaign) -> list[AsteriskServer]:
    """The nodes a campaign may dial through: every enabled node of its home node's group, or the home node."""
    home = home_node(campaign)
    if home is None:
        return []
    if home.group_id is None:
        return [home]
    return list(AsteriskServer.objects.filter(group_id=home.group_id, enabled=True).order_by("name"))


def healthy(nodes: Iterable[AsteriskServer]) -> list[AsteriskServer]:
    """The nodes whose bridge heartbeat is in the live store (a Redis error counts as none healthy)."""
    try:
        return [node for node in nodes if is_connected(node.name)]
    except (redis.RedisError, OSError):
        logger.warning("event=dialer_liveness_unavailable")
        return []


class GroupTransport:
    """Originates on the healthy nodes of a group in turn; connected while at least one node is healthy."""

    def __init__(self, nodes: list[AsteriskServer], make: TransportFactory = AMIClientTransport) -> None:
        self.nodes = nodes
        self.make = make
        # The turn outlives one transport: the service builds a new one every tick, and a tick that dials
        # one call must not always pick the first node.
        self._turns = _TURNS.setdefault(tuple(node.name for node in nodes), itertools.count())
        self.last_node: str | None = None

    @property
    def connected(self) -> bool:
        return bool(healthy(self.nodes))

    def originate(self, request: OriginateRequest) -> None:
        live = healthy(self.nodes)
        if not live:
            raise TransportUnavailable("no healthy node in the group")
        node = live[next(self._turns) % len(live)]
        self.last_node = node.name
        self.make(node).originate(request)


def unreachable_agents(campaign: Campaign, agents: Iterable[Agent]) -> set[int]:
    """The agents (by pk) the live state shows only on lost nodes of the campaign's group. An agent the live
    state does not show at all is kept (no bridge has described them); a single node's loss is the link's."""
    nodes = campaign_nodes(campaign)
    if len(nodes) < 2:
        return set()
    seen_healthy: set[str] = set()
    seen_lost: set[str] = set()
    try:
        for node in nodes:
            snapshot = read_snapshot(node.name)
            names = set(snapshot["agents"]) | {
                str(agent.get("name")) for agent in snapshot["agents"].values() if agent.get("name")
            }
            (seen_healthy if snapshot["connected"] else seen_lost).update(names)
    except (redis.RedisError, OSError):
        logger.warning("event=dialer_live_state_unavailable")
        return set()
    lost = set()
    for agent in agents:
        keys = {agent.effective_interface, agent.member_name}
        if keys & seen_lost and not keys & seen_healthy:
            lost.add(agent.pk)
    return lost
