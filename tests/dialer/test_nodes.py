"""A campaign on a node group dials through the group's healthy nodes; a lost node (its bridge heartbeat
expired in the real Redis live store) gets no more calls and its agents leave the pacing capacity."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
from asgiref.sync import async_to_sync

from callcenter.dialer import actions, loop, measure, nodes
from callcenter.dialer.models import Campaign
from callcenter.dialer.transport import BridgeLinkTransport, OriginateRequest, TransportUnavailable
from callcenter.live import store
from callcenter.live.messages import Snapshot
from callcenter.pbx.models import AsteriskServer, NodeGroup
from tests.dialer.conftest import NOON, make_campaign, make_leads, make_ready_agents
from tests.factories import AgentFactory, AsteriskServerFactory, CallbackFactory, QueueFactory
from tests.harness.background import BackgroundAMI
from tests.harness.originate import Originator

pytestmark = pytest.mark.django_db

LONG_TTL_MS = 60_000


def beat(server: str, ttl_ms: int = LONG_TTL_MS) -> None:
    async_to_sync(store.get_store().set_connected)(server, True, ttl_ms)


def wait_until(check: Callable[[], bool], timeout: float) -> float:
    """Seconds until ``check`` held; fails after ``timeout`` (the heartbeat expiring has no event to wait on)."""
    started = time.monotonic()
    pause = threading.Event()
    while not check():
        assert time.monotonic() - started < timeout, "condition not met in time"
        pause.wait(0.02)
    return time.monotonic() - started


@pytest.fixture
def pair(db: None) -> Iterator[tuple[BackgroundAMI[Originator], BackgroundAMI[Originator]]]:
    """Group "front": pbx-a and pbx-b, each a fake AMI node, both with a live bridge heartbeat."""
    group = NodeGroup.objects.create(name="front")
    with BackgroundAMI(Originator()) as first, BackgroundAMI(Originator()) as second:
        for name, server in (("pbx-a", first), ("pbx-b", second)):
            AsteriskServerFactory(name=name, ami_port=server.port, group=group)
            async_to_sync(store.get_store().delete)(name)
            beat(name)
        yield first, second
    for name in ("pbx-a", "pbx-b"):
        async_to_sync(store.get_store().delete)(name)


@pytest.fixture
def grouped_campaign(pair: tuple[BackgroundAMI[Originator], BackgroundAMI[Originator]]) -> Campaign:
    """A progressive campaign whose queue is on pbx-a, a node of the group."""
    queue = QueueFactory(name="outbound", server=AsteriskServer.objects.get(name="pbx-a"))
    return make_campaign("spring", queue=queue)


def originates(server: BackgroundAMI[Originator]) -> int:
    return len(server.named("Originate"))


def test_a_grouped_campaign_spreads_its_calls_over_the_healthy_nodes(
    grouped_campaign: Campaign, pair: tuple[BackgroundAMI[Originator], BackgroundAMI[Originator]]
) -> None:
    make_leads(grouped_campaign, 4)
    transport = loop.transport_for(grouped_campaign)
    assert isinstance(transport, nodes.GroupTransport)
    assert actions.dial(grouped_campaign, 4, transport, worker="w1", now=NOON) == 4
    assert [originates(server) for server in pair] == [2, 2]


def test_one_call_per_tick_still_alternates_between_the_nodes(
    grouped_campaign: Campaign, pair: tuple[BackgroundAMI[Originator], BackgroundAMI[Originator]]
) -> None:
    make_leads(grouped_campaign, 2)
    for _tick in range(2):  # the service builds a new transport every tick
        transport = loop.transport_for(grouped_campaign)
        assert transport is not None
        assert actions.dial(grouped_campaign, 1, transport, worker="w1", now=NOON) == 1
    assert [originates(server) for server in pair] == [1, 1]


def test_within_five_seconds_of_a_node_being_lost_it_gets_no_more_calls(
    grouped_campaign: Campaign, pair: tuple[BackgroundAMI[Originator], BackgroundAMI[Originator]]
) -> None:
    make_leads(grouped_campaign, 6)
    transport = loop.transport_for(grouped_campaign)
    assert isinstance(transport, nodes.GroupTransport)
    # pbx-b's bridge beats once more with the production TTL, then stops (dies or hangs).
    beat("pbx-b", ttl_ms=3000)
    lost_after = wait_until(lambda: [n.name for n in nodes.healthy(transport.nodes)] == ["pbx-a"], 5.0)
    assert lost_after < 5.0
    assert not store.is_connected("pbx-b")  # the boards say "node lost" from the same key
    assert transport.connected
    assert actions.dial(grouped_campaign, 4, transport, worker="w1", now=NOON) == 4
    assert [originates(server) for server in pair] == [4, 0]
    # The node comes back: it takes calls again.
    beat("pbx-b")
    assert actions.dial(grouped_campaign, 2, transport, worker="w1", now=NOON) == 2
    assert [originates(server) for server in pair] == [5, 1]


def test_with_every_node_lost_the_campaign_does_not_dial(
    grouped_campaign: Campaign, pair: tuple[BackgroundAMI[Originator], BackgroundAMI[Originator]]
) -> None:
    make_leads(grouped_campaign, 2)
    transport = loop.transport_for(grouped_campaign)
    assert transport is not None
    for name in ("pbx-a", "pbx-b"):
        async_to_sync(store.get_store().set_connected)(name, False)
    assert not transport.connected
    assert actions.dial(grouped_campaign, 2, transport, worker="w1", now=NOON) == 0
    assert [originates(server) for server in pair] == [0, 0]


def test_callbacks_are_dialed_around_a_lost_node(
    pair: tuple[BackgroundAMI[Originator], BackgroundAMI[Originator]],
) -> None:
    queue = QueueFactory(name="support", server=AsteriskServer.objects.get(name="pbx-b"))
    campaign = make_campaign("callbacks-support", kind="callbacks", queue=queue, mode="progressive")
    asked = NOON - dt.timedelta(minutes=5)
    for number in ("+79161110001", "+79161110002"):
        CallbackFactory.create(number=number, queue="support", requested_at=asked, last_call_at=asked)
    make_ready_agents(campaign, 2)
    async_to_sync(store.get_store().set_connected)("pbx-b", False)
    transport = loop.transport_for(campaign)
    assert transport is not None
    assert actions.pacing_tick(campaign, transport, worker="w1", now=NOON) == 2
    assert [originates(server) for server in pair] == [2, 0]


def _live_agent(interface: str, name: str) -> dict[str, Any]:
    return {
        "interface": interface,
        "name": name,
        "state": "idle",
        "state_since": 0.0,
        "pause_reason": None,
        "paused": False,
        "queues": {},
        "current_call": None,
        "answered_today": 0,
        "device_status": "",
    }


def _write_agents(server: str, agents: dict[str, str]) -> None:
    snapshot = {
        "version": 1,
        "server": server,
        "generated_at": 0.0,
        "day": "2026-11-23",
        "calls": {},
        "recent_calls": [],
        "agents": {interface: _live_agent(interface, name) for interface, name in agents.items()},
        "queues": {},
        "channels": {"total": 0, "by_tech": {}, "by_trunk": {}},
    }
    async_to_sync(store.get_store().write_snapshot)(server, cast(Snapshot, snapshot))


def test_pacing_counts_only_the_agents_of_healthy_nodes(
    grouped_campaign: Campaign, pair: tuple[BackgroundAMI[Originator], BackgroundAMI[Originator]]
) -> None:
    people = [
        AgentFactory(extension=ext, interface=f"PJSIP/{ext}", member_name=f"Agent {ext}")
        for ext in ("1001", "1002", "1003")
    ]
    for agent in people:
        actions.set_agent_status(agent, "ready", campaign=grouped_campaign)
    _write_agents("pbx-a", {"PJSIP/1001": "Agent 1001"})
    _write_agents("pbx-b", {"PJSIP/1002": "Agent 1002", "PJSIP/1003": "Agent 1003"})
    now = dt.datetime.now(tz=dt.UTC)
    state = measure.pacing_state(grouped_campaign, now, link_up=True)
    assert (state.agents_logged_in, state.agents_free) == (3, 3)
    async_to_sync(store.get_store().set_connected)("pbx-b", False)
    state = measure.pacing_state(grouped_campaign, now, link_up=True)
    assert (state.agents_logged_in, state.agents_free) == (1, 1)


def test_a_node_of_its_own_keeps_its_single_transport(db: None) -> None:
    node = AsteriskServerFactory(name="solo")
    campaign = make_campaign("solo-run", queue=QueueFactory(name="solo-q", server=node))
    assert nodes.campaign_nodes(campaign) == [node]
    assert isinstance(loop.transport_for(campaign), BridgeLinkTransport)


def test_a_group_with_every_node_lost_refuses_an_originate_as_unavailable(
    pair: tuple[BackgroundAMI[Originator], BackgroundAMI[Originator]],
) -> None:
    transport = nodes.GroupTransport(list(AsteriskServer.objects.filter(group__name="front")))
    for name in ("pbx-a", "pbx-b"):
        async_to_sync(store.get_store().set_connected)(name, False)
    request = OriginateRequest(
        action_id="dialer-1", channel="Local/1@cc-dialer-out", context="cc-dialer-connected"
    )
    with pytest.raises(TransportUnavailable, match="no healthy node in the group"):
        transport.originate(request)
    assert transport.last_node is None
    assert [originates(server) for server in pair] == [0, 0]
