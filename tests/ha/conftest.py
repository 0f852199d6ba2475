"""Two real Asterisk 22 nodes on 127.0.0.1 in one node group, two bridge processes, pjsua agents and callers.

The pair is ``ha1`` (the survivor) and ``ha2`` (the node the suite kills). Both render the same center from
one group apply: a queue ``support`` with four dynamic members, a trunk to the carrier and a DID. Agents
2001 and 2002 register with ha1, 2003 and 2004 with ha2; when ha2 dies, the phones of 2003 and 2004
register with ha1 the way a phone falls back to its second registrar. Two ``ami_bridge`` processes run for
both nodes: one holds each node's AMI lease, the other stands by. The scenarios run in order, as one
failover day; the last ones check the reports and the payroll file against the calls the suite drove.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from callcenter.accounts.models import Role, User
from callcenter.agents.models import Agent, QueueMembership
from callcenter.live.store import RedisStore
from callcenter.pbx import actions as pbx_actions
from callcenter.pbx.apply import ensure_phone_accounts
from callcenter.pbx.models import (
    AsteriskServer,
    Destination,
    InboundRoute,
    NodeGroup,
    PhoneAccount,
    Queue,
    Trunk,
)
from callcenter.pbx.render import render_center
from callcenter.pbx.snapshot import collect
from tests.asterisk.compare import asterisk_truth, differences, live_truth
from tests.asterisk.node import ROOT, AsteriskNode, ensure_built, wait_agreement, wait_until
from tests.asterisk.phones import Phone, Phones, caller_phone

AGENTS_HA1 = ("2001", "2002")
AGENTS_HA2 = ("2003", "2004")
DID = "74950000101"
QUEUE = "support"


@dataclass
class Bridge:
    process: subprocess.Popen[bytes]
    log: Path


@dataclass
class Pair:
    """The two nodes, their servers, the phones and the bridges, and what the suite drove."""

    nodes: dict[str, AsteriskNode]
    servers: dict[str, AsteriskServer]
    group: NodeGroup
    passwords: dict[str, str]
    phones: Phones = field(default_factory=Phones)
    bridges: list[Bridge] = field(default_factory=list)
    answered: list[tuple[str, str]] = field(default_factory=list)  # (node, member name)
    callers: int = 0
    figures: dict[str, float] = field(default_factory=lambda: FIGURES)

    def caller(self) -> Phone:
        self.callers += 1
        phone = caller_phone(f"7916000{self.callers:04d}")
        self.phones[f"caller-{self.callers}"] = phone
        return phone


def store() -> RedisStore:
    assert settings.REDIS_URL, "the HA suite needs REDIS_URL"
    return RedisStore(settings.REDIS_URL)


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_bridge(pair: Pair) -> Bridge:
    """One more ``ami_bridge`` process for every enabled node (it holds what no other process holds)."""
    root = pair.nodes["ha1"].root.parent
    log = root / f"bridge-{len(pair.bridges)}.log"
    env = {**os.environ, "DATABASE_URL": _database_url()}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "ami_bridge"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    bridge = Bridge(process, log)
    pair.bridges.append(bridge)
    return bridge


def lease_holder(node: str) -> int | None:
    """The process id of the bridge holding the node's AMI lease (``<host>:<pid>:<random>``)."""
    assert settings.REDIS_URL, "the HA suite needs REDIS_URL"
    client = redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)
    token = client.get(f"cc:lease:ami:{node}")
    return int(str(token).split(":")[1]) if token else None


def live_differences(pair: Pair, node: str) -> list[str]:
    snapshot = store().read_snapshot(node)
    if snapshot is None:
        return ["no snapshot"]
    return differences(asterisk_truth(pair.nodes[node]), live_truth(snapshot))


def assert_live_equals_asterisk(pair: Pair, node: str, timeout: float = 5.0) -> None:
    wait_agreement(
        lambda: live_differences(pair, node),
        timeout,
        f"the live state of {node} to equal Asterisk",
        interval=0.1,
    )


def members(node: AsteriskNode) -> dict[str, bool]:
    """Asterisk's own word (QueueStatus) on the queue's members: interface -> paused."""
    return {
        iface: paused for (queue, iface), paused in asterisk_truth(node).members.items() if queue == QUEUE
    }


def _seed(nodes: dict[str, AsteriskNode]) -> tuple[dict[str, AsteriskServer], NodeGroup, dict[str, str]]:
    group = pbx_actions.save(None, NodeGroup(name="pair", description="two nodes that cover for each other"))
    servers: dict[str, AsteriskServer] = {}
    for name, node in nodes.items():
        servers[name] = pbx_actions.save(
            None,
            AsteriskServer(
                name=name,
                ami_host="127.0.0.1",
                ami_port=node.ami_port,
                ami_username=node.ami_username,
                ami_secret=node.ami_secret,
                queue_log_path=str(node.queue_log),
                config_dir=str(node.config_dir),
                recordings_dir=str(node.recordings),
                sip_port=node.sip_port,
                group=group,
            ),
        )
    queue = pbx_actions.save(None, Queue(name=QUEUE, strategy=Queue.Strategy.RRMEMORY, timeout=15))
    pbx_actions.save(
        None,
        Trunk(name="carrier", server=servers["ha1"], host="127.0.0.1", port=nodes["ha1"].carrier_port),
    )
    pbx_actions.save(
        None, InboundRoute(did=DID, name="Support line", destination=Destination.QUEUE, queue=queue)
    )
    for extension in (*AGENTS_HA1, *AGENTS_HA2):
        user = User(username=f"agent{extension}", role=Role.AGENT)
        user.set_password(f"agent{extension}-ha-2026")
        user.save()
        agent = Agent(
            display_name=f"Agent {extension}",
            payroll_number=f"HA{extension}",
            extension=extension,
            member_name=f"Agent {extension}",
            user=user,
        )
        agent.full_clean()
        agent.save()
        QueueMembership.objects.create(agent=agent, queue=queue, penalty=0, static=False)
    ensure_phone_accounts(None)
    passwords = {account.extension: account.secret for account in PhoneAccount.objects.all()}
    return servers, group, passwords


@pytest.fixture(scope="session")
def django_db_setup(
    django_test_environment: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[None]:
    """A test database for the whole session, written for real: the bridges are other processes."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        config = setup_databases(verbosity=0, interactive=False, aliases={"default": {}})
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        teardown_databases(config, verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def _database(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        yield


@pytest.fixture(scope="session")
def pair(django_db_setup: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    ensure_built()
    assert settings.REDIS_URL, "the HA suite needs REDIS_URL"
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    root = tmp_path_factory.mktemp("ha")
    ha1 = AsteriskNode(root / "ha1", rtp_ports=(20000, 20498))
    ha2 = AsteriskNode(root / "ha2", rtp_ports=(20500, 20998), carrier_port=ha1.carrier_port)
    nodes = {"ha1": ha1, "ha2": ha2}
    for node in nodes.values():
        node.prepare()
        node.start()
    carrier = caller_phone("carrier", ha1.carrier_port)
    pair: Pair | None = None
    try:
        servers, group, passwords = _seed(nodes)
        for name, node in nodes.items():
            rendered = render_center(collect(servers[name]), str(node.config_dir / "live"))
            node.make_prompts(rendered.files.values())
        entry = pbx_actions.apply_group_configuration(None, group, sounds_dir=ha1.sounds / "en")
        assert entry.status == "applied", f"the first group apply failed: {entry.error}"
        pair = Pair(nodes, servers, group, passwords)
        pair.phones["carrier"] = carrier
        for _ in range(2):
            start_bridge(pair)
        wait_until(
            lambda: all(store().is_connected(name) for name in nodes), 30, "the bridges to hold both nodes"
        )
        pair.phones.register(AGENTS_HA1, passwords, ha1.sip_port)
        pair.phones.register(AGENTS_HA2, passwords, ha2.sip_port)
        yield pair
    finally:
        if pair is not None:
            pair.phones.stop()
            for bridge in pair.bridges:
                if bridge.process.poll() is None:
                    bridge.process.terminate()
                    bridge.process.wait(timeout=20)
        carrier.stop()
        for node in nodes.values():
            node.stop()


FIGURES: dict[str, float] = {}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The failover figures of this run (docs/ha.md quotes them)."""
    if FIGURES:
        terminalreporter.write_sep("-", "failover figures (s)")
        for name, value in FIGURES.items():
            terminalreporter.write_line(f"{name}: {value:.2f}")
