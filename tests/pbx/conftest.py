"""Fixtures of the configuration rendering and apply tests: a complete center and a fake Asterisk node."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytest_django import Settings

from callcenter.agents.models import QueueMembership
from callcenter.demo.actions import seed_demo_center
from callcenter.pbx.models import (
    AsteriskServer,
    Destination,
    Holiday,
    InboundRoute,
    IVRMenu,
    IVROption,
    NodeGroup,
    PhoneAccount,
    Queue,
    Schedule,
    Trunk,
)
from tests.factories import AgentFactory
from tests.harness.ami import SECRET
from tests.harness.background import BackgroundAMI
from tests.harness.reload import ReloadingNode


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """The demo seed sets five passwords; the production hasher would dominate these tests' time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def full_center(db: None) -> Queue:
    """The demo center plus what it lacks: an IVR menu, trunks, a holiday, recording; its members static
    (in queues.conf) beside one dynamic member (1011) who logs in."""
    seed_demo_center()
    QueueMembership.objects.update(static=True)
    support = Queue.objects.get(name="support")
    support.recording = Queue.Recording.ALL
    support.periodic_announce = "custom/please-hold"
    support.periodic_announce_frequency = 45
    support.exit_context = "leave-queue"
    support.save()
    schedule = Schedule.objects.get(name="business-hours")
    Holiday.objects.create(schedule=schedule, date=date(2027, 1, 1), name="New Year")
    menu = IVRMenu.objects.create(
        name="main", greeting="custom/main-menu", timeout_s=7, max_retries=2, timeout_queue=support
    )
    IVROption.objects.create(menu=menu, digit="1", destination=Destination.QUEUE, queue=support)
    IVROption.objects.create(
        menu=menu, digit="2", destination=Destination.QUEUE, queue=Queue.objects.get(name="sales")
    )
    IVROption.objects.create(menu=menu, digit="9", destination=Destination.EXTENSION, extension="1001")
    IVROption.objects.create(menu=menu, digit="0", destination=Destination.HANGUP)
    InboundRoute.objects.create(did="74950000003", name="Menu line", destination=Destination.IVR, ivr=menu)
    Trunk.objects.create(
        name="carrier-a",
        host="sip.carrier-a.example",
        username="acct77",
        secret="trunk-Secret-42",
        caller_id="74950000001",
    )
    Trunk.objects.create(
        name="carrier-b", host="192.0.2.10", transport=Trunk.Transport.TCP, outbound_prefix="9"
    )
    roaming = AgentFactory(extension="1011", member_name="Agent 1011", display_name="Roaming Agent")
    QueueMembership.objects.create(agent=roaming, queue=support, penalty=2, static=False)
    PhoneAccount.objects.create(extension="1001", secret="agent-1001-Secret")
    return support


@pytest.fixture
def fake_node(tmp_path: Path) -> Iterator[ReloadingNode]:
    """A fake Asterisk node listening on 127.0.0.1 whose configuration directory is under tmp_path."""
    with BackgroundAMI(ReloadingNode(tmp_path / "node")) as ami:
        yield ami.behaviour


@pytest.fixture
def node_server(fake_node: ReloadingNode, db: None) -> AsteriskServer:
    """The AsteriskServer row of the fake node."""
    return AsteriskServer.objects.create(
        name="node1",
        ami_host="127.0.0.1",
        ami_port=fake_node.port,
        ami_username="ccadmin",
        ami_secret=SECRET,
        config_dir=str(fake_node.config_dir),
    )


@pytest.fixture
def fake_pair(tmp_path: Path) -> Iterator[tuple[ReloadingNode, ReloadingNode]]:
    """Two fake nodes, each with its own configuration directory."""
    first, second = ReloadingNode(tmp_path / "a"), ReloadingNode(tmp_path / "b")
    with BackgroundAMI(first), BackgroundAMI(second):
        yield first, second


@pytest.fixture
def group(full_center: Queue, fake_pair: tuple[ReloadingNode, ReloadingNode]) -> NodeGroup:
    """Group "front": nodes "node-a" and "node-b", each its own fake Asterisk, SIP port and recordings."""
    front = NodeGroup.objects.create(name="front")
    for index, (name, fake) in enumerate(zip(("node-a", "node-b"), fake_pair, strict=True)):
        AsteriskServer.objects.create(
            name=name,
            ami_host="127.0.0.1",
            ami_port=fake.port,
            ami_username="ccadmin",
            ami_secret=SECRET,
            config_dir=str(fake.config_dir),
            recordings_dir=f"/srv/recordings/{name}",
            sip_port=5060 + 10 * index,
            group=front,
        )
    return front
