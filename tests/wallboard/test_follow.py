"""Agents follow their phones: a dynamic member of a lost node is logged in where the phone registered."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from pytest_django import DjangoAssertNumQueries

from callcenter.agents.models import Agent, QueueMembership, SessionMove
from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import AsteriskServer, NodeGroup
from callcenter.wallboard.follow import (
    FOLLOW_ACTION,
    FollowResult,
    dynamic_places,
    follow_group,
    follow_once,
)
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


@pytest.mark.parametrize(
    "snapshots",
    [
        pytest.param(
            {"node-a": _snapshot(), "node-b": _snapshot({"PJSIP/3001": {"support": _member()}})},
            id="a-phone-registered-nowhere-alive-waits",
        ),
        pytest.param(
            {
                "node-a": _snapshot({"PJSIP/3001": {"support": _member()}}, phones=("3001", "3002")),
                "node-b": _snapshot(
                    {
                        "PJSIP/3001": {"support": _member()},
                        "PJSIP/3002": {"support": _member(membership="static")},
                    }
                ),
            },
            id="already-on-a-healthy-node-and-static-members-stay",
        ),
    ],
)
def test_a_member_with_nowhere_to_go_stays(
    survivor: BackgroundAMI[QueueMembers],
    pair: tuple[AsteriskServer, AsteriskServer, Agent],
    snapshots: dict[str, dict[str, Any]],
) -> None:
    alive, dead, _agent = pair
    AgentFactory(extension="3002", member_name="Agent 3002")
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


def test_a_steady_pass_reads_no_agent(
    pair: tuple[AsteriskServer, AsteriskServer, Agent], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    alive, other, _agent = pair
    AgentFactory.create_batch(3)
    snapshots = {
        "node-a": _snapshot({"PJSIP/3001": {"support": _member()}}, phones=("3001",)),
        "node-b": _snapshot(),
    }
    with django_assert_num_queries(0):
        result = follow_group([alive, other], connected=lambda name: True, read=snapshots.__getitem__)
    assert result == FollowResult()


def test_a_pass_reads_only_the_members_of_the_lost_node(
    pair: tuple[AsteriskServer, AsteriskServer, Agent], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    alive, dead, _agent = pair
    AgentFactory(extension="3002", member_name="Agent 3002")
    snapshots = {
        "node-a": _snapshot({"PJSIP/3002": {"support": _member()}}),
        "node-b": _snapshot({"PJSIP/3001": {"support": _member()}}),
    }
    with django_assert_num_queries(1) as queries:
        follow_group([alive, dead], connected=lambda name: name == "node-a", read=snapshots.__getitem__)
    assert "'3001'" in queries.captured_queries[0]["sql"]
    assert "'3002'" not in queries.captured_queries[0]["sql"]


def test_a_member_rung_at_its_own_interface_follows_too(
    survivor: BackgroundAMI[QueueMembers], pair: tuple[AsteriskServer, AsteriskServer, Agent]
) -> None:
    alive, dead, agent = pair
    agent.interface = "PJSIP/desk-3001"
    agent.save()
    snapshots = {
        "node-a": _snapshot(phones=("desk-3001",)),
        "node-b": _snapshot({"PJSIP/desk-3001": {"support": _member()}}),
    }
    result = follow_group([alive, dead], connected=lambda name: name == "node-a", read=snapshots.__getitem__)
    assert result.moved == [("PJSIP/desk-3001", "node-b", "node-a")]
    assert survivor.named("QueueAdd")[0].get("Interface") == "PJSIP/desk-3001"


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
