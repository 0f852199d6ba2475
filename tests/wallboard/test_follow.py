"""Agents follow their phones: a dynamic member of a lost node is logged in where the phone registered."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from callcenter.agents.models import Agent, QueueMembership, SessionMove
from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import AsteriskServer, NodeGroup
from callcenter.wallboard.follow import FOLLOW_ACTION, dynamic_places, follow_group, follow_once
from callcenter.wallboard.livestate import phone_registered
from tests.asterisk.node import free_port
from tests.factories import AgentFactory, AsteriskServerFactory, QueueFactory
from tests.harness.background import BackgroundAMI
from tests.harness.queues import Member, QueueMembers

pytestmark = pytest.mark.django_db


def _member(
    paused: bool = False, reason: str = "", membership: str = "dynamic", penalty: int = 2
) -> dict[str, Any]:
    return {"penalty": penalty, "paused": paused, "pause_reason": reason or None, "membership": membership}


def _snapshot(
    members: Mapping[str, dict[str, Any]] | None = None, phones: tuple[str, ...] = ()
) -> dict[str, Any]:
    """A node's stored live state: its members (interface -> queue -> place) and registered phones."""
    return {
        "agents": {iface: {"queues": queues} for iface, queues in (members or {}).items()},
        "endpoints": {
            name: {"name": name, "kind": "phone", "status": "reachable", "contacts": [{"uri": "sip:x"}]}
            for name in phones
        },
    }


@pytest.fixture
def survivor() -> Iterator[BackgroundAMI[QueueMembers]]:
    with BackgroundAMI(QueueMembers()) as ami:
        yield ami


@pytest.fixture
def pair(survivor: BackgroundAMI[QueueMembers]) -> tuple[AsteriskServer, AsteriskServer, Agent]:
    group = NodeGroup.objects.create(name="pair")
    alive = AsteriskServerFactory(name="node-a", ami_port=survivor.port, group=group)
    dead = AsteriskServerFactory(name="node-b", ami_port=free_port(), group=group)  # nothing listens there
    queue = QueueFactory(name="support")
    agent = AgentFactory(extension="3001", member_name="Agent 3001")
    QueueMembership.objects.create(agent=agent, queue=queue, penalty=2, static=False)
    return alive, dead, agent


def test_a_member_of_a_lost_node_is_logged_in_where_its_phone_registered(
    survivor: BackgroundAMI[QueueMembers], pair: tuple[AsteriskServer, AsteriskServer, Agent]
) -> None:
    alive, dead, agent = pair
    snapshots = {
        "node-a": _snapshot(phones=("3001",)),
        "node-b": _snapshot({"PJSIP/3001": {"support": _member(paused=True, reason="lunch")}}),
    }
    result = follow_group([alive, dead], connected=lambda name: name == "node-a", read=snapshots.__getitem__)
    assert result.moved == [("PJSIP/3001", "node-b", "node-a")]
    add = survivor.named("QueueAdd")[0]
    assert (add.get("Queue"), add.get("Interface"), add.get("MemberName")) == (
        "support",
        "PJSIP/3001",
        "Agent 3001",
    )
    assert (add.get("Penalty"), add.get("Paused"), add.get("Reason")) == ("2", "true", "lunch")
    move = SessionMove.objects.get(agent=agent)
    assert (move.queue, move.from_server, move.to_server) == ("support", "node-b", "node-a")
    assert AuditEntry.objects.filter(action=FOLLOW_ACTION, result="ok").count() == 1


def test_nobody_moves_while_the_lost_node_still_answers_ami(
    survivor: BackgroundAMI[QueueMembers], pair: tuple[AsteriskServer, AsteriskServer, Agent]
) -> None:
    alive, dead, _agent = pair
    snapshots = {
        "node-a": _snapshot(phones=("3001",)),
        "node-b": _snapshot({"PJSIP/3001": {"support": _member()}}),
    }
    # Only node-b's bridge is gone: the node itself answers a Ping.
    result = follow_group(
        [alive, dead],
        connected=lambda name: name == "node-a",
        read=snapshots.__getitem__,
        answers=lambda s: True,
    )
    assert result.moved == []
    assert survivor.named("QueueAdd") == []
    assert not SessionMove.objects.exists()


def test_a_member_whose_phone_is_registered_nowhere_alive_waits(
    survivor: BackgroundAMI[QueueMembers], pair: tuple[AsteriskServer, AsteriskServer, Agent]
) -> None:
    alive, dead, _agent = pair
    snapshots = {"node-a": _snapshot(), "node-b": _snapshot({"PJSIP/3001": {"support": _member()}})}
    result = follow_group([alive, dead], connected=lambda name: name == "node-a", read=snapshots.__getitem__)
    assert result.moved == []
    assert survivor.named("QueueAdd") == []


def test_a_member_already_on_a_healthy_node_and_static_members_stay(
    survivor: BackgroundAMI[QueueMembers], pair: tuple[AsteriskServer, AsteriskServer, Agent]
) -> None:
    alive, dead, _agent = pair
    AgentFactory(extension="3002", member_name="Agent 3002")
    snapshots = {
        "node-a": _snapshot({"PJSIP/3001": {"support": _member()}}, phones=("3001", "3002")),
        "node-b": _snapshot(
            {"PJSIP/3001": {"support": _member()}, "PJSIP/3002": {"support": _member(membership="static")}}
        ),
    }
    result = follow_group([alive, dead], connected=lambda name: name == "node-a", read=snapshots.__getitem__)
    assert result.moved == []
    assert survivor.named("QueueAdd") == []


def test_a_moved_member_back_on_its_old_node_is_removed_there(
    survivor: BackgroundAMI[QueueMembers], pair: tuple[AsteriskServer, AsteriskServer, Agent]
) -> None:
    alive, other, agent = pair
    survivor.behaviour.members.append(Member("support", "PJSIP/3001", "Agent 3001"))
    SessionMove.objects.create(
        agent=agent,
        queue="support",
        interface="PJSIP/3001",
        from_server="node-a",
        to_server="node-b",
        moved_at="2026-12-06T10:00:00Z",
    )
    both = _snapshot({"PJSIP/3001": {"support": _member()}}, phones=("3001",))
    result = follow_group([alive, other], connected=lambda name: True, read=lambda name: both)
    assert result.removed == [("PJSIP/3001", "node-a", "support")]
    remove = survivor.named("QueueRemove")[0]
    assert (remove.get("Queue"), remove.get("Interface")) == ("support", "PJSIP/3001")
    assert survivor.behaviour.members == []


def test_follow_once_leaves_nodes_outside_a_group_alone(survivor: BackgroundAMI[QueueMembers]) -> None:
    AsteriskServerFactory(name="alone", ami_port=survivor.port)
    assert follow_once().moved == []
    assert survivor.history == []


def test_the_snapshot_readers() -> None:
    snapshot = _snapshot(
        {"PJSIP/1": {"q1": _member(), "q2": _member(membership="static")}, "Local/2@x": {"q1": _member()}},
        phones=("1",),
    )
    assert set(dynamic_places(snapshot)) == {"PJSIP/1", "Local/2@x"}
    assert set(dynamic_places(snapshot)["PJSIP/1"]) == {"q1"}
    assert phone_registered(snapshot, "PJSIP/1")
    assert not phone_registered(snapshot, "PJSIP/2")
    assert not phone_registered(snapshot, "Local/2@x")
    unreachable = {"endpoints": {"1": {"status": "unreachable", "contacts": [{"uri": "sip:x"}]}}}
    assert not phone_registered(unreachable, "PJSIP/1")
