"""The real-Asterisk suite: one Asterisk 22 node, the demo center applied to it, the bridge, SIP phones.

Everything is session-wide and runs in order: the scenarios are a day at a small contact center, and the
last tests check that the reports and the payroll file over that day equal the calls the suite drove.
The database is the test database of pytest-django, written for real (no per-test rollback), because
the bridge runs as its own process and must see what the tests write.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import redis
from django.conf import settings
from django.db import connection
from pytest_django import DjangoDbBlocker

from tests.asterisk.amiprobe import ask
from tests.asterisk.compare import asterisk_truth, differences, live_truth
from tests.asterisk.node import ROOT, AsteriskNode, ensure_built, wait_agreement, wait_until
from tests.asterisk.phones import Phone, Phones, caller_phone
from tests.asterisk.recorder import ami_recording, pytest_runtest_protocol  # noqa: F401 - the run's AMI record

if TYPE_CHECKING:
    from callcenter.live.messages import StoredSnapshot

AGENTS = [f"10{n:02d}" for n in range(1, 11)]
SUPPORT = AGENTS[:6]  # the support queue's members
SUPERVISOR = "900"
MAIN_DID = "74950000001"  # IVR: 1 support, 2 sales
SALES_DID = "74950000002"
VIP_DID = "74950000003"
TRUNK = "carrier"
CONVERGE_S = 2.0  # the live state must equal Asterisk within this after a scenario


@dataclass
class Driven:
    """What the suite did, call by call, to compare with the reports and the payroll file at the end."""

    calls: list[tuple[str, str, str]] = field(default_factory=list)  # (queue, outcome, member name)
    surveys: list[tuple[str, int]] = field(default_factory=list)  # (member name, score)
    no_answers: list[str] = field(default_factory=list)  # member names that let a call ring out
    callbacks: list[tuple[str, str, str]] = field(default_factory=list)  # (queue, number to call, caller)

    def answer(self, queue: str, agent: str, outcome: str = "answered") -> None:
        self.calls.append((queue, outcome, agent))

    def miss(self, queue: str, outcome: str) -> None:
        self.calls.append((queue, outcome, ""))

    def callback(self, queue: str, number: str, caller: str) -> None:
        self.calls.append((queue, "callback", ""))
        self.callbacks.append((queue, number, caller))


@dataclass
class Center:
    node: AsteriskNode
    server: Any
    passwords: dict[str, str]
    phones: Phones = field(default_factory=Phones)
    bridge: subprocess.Popen[bytes] | None = None
    bridge_log: Path | None = None
    driven: Driven = field(default_factory=Driven)
    callers: int = 0

    def caller(self, number: str) -> Phone:
        """A new customer phone on the trunk's side."""
        self.callers += 1
        phone = caller_phone(number)
        self.phones[f"caller-{self.callers}"] = phone
        return phone

    def call(self, did: str, number: str) -> tuple[Phone, int]:
        phone = self.caller(number)
        return phone, phone.call(did, self.node.sip_port)


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def bridge_env() -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = _database_url()
    return env


def start_bridge(center: Center) -> None:
    log = center.node.root / f"bridge-{os.getpid()}-{len(list(center.node.root.glob('bridge-*.log')))}.log"
    center.bridge_log = log
    handle = log.open("wb")
    center.bridge = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "ami_bridge", "--server", center.server.name],
        cwd=ROOT,
        env=bridge_env(),
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_until(lambda: _connected(center), 30, "the bridge to connect and store a snapshot")


def stop_bridge(center: Center, kill: bool = False) -> None:
    if center.bridge is None:
        return
    if kill:
        center.bridge.kill()
    else:
        center.bridge.terminate()
    center.bridge.wait(timeout=20)
    center.bridge = None


def _connected(center: Center) -> bool:
    if center.bridge is not None and center.bridge.poll() is not None:
        log = center.bridge_log.read_text() if center.bridge_log else ""
        raise AssertionError(f"the bridge exited with {center.bridge.returncode}:\n{log[-3000:]}")
    snapshot = live_snapshot(center)
    return bool(snapshot and snapshot.get("connected"))


def live_snapshot(center: Center) -> StoredSnapshot | None:
    from callcenter.live.store import RedisStore

    assert settings.REDIS_URL, "the real-Asterisk suite needs REDIS_URL"
    return RedisStore(settings.REDIS_URL).read_snapshot(center.server.name)


def assert_live_equals_asterisk(center: Center, timeout: float = CONVERGE_S) -> None:
    """Within ``timeout`` s, the bridge's live state equals QueueStatus and CoreShowChannels."""

    def live_differences() -> list[str]:
        truth = asterisk_truth(center.node)
        snapshot = live_snapshot(center)
        return ["no snapshot"] if snapshot is None else differences(truth, live_truth(snapshot))

    wait_agreement(live_differences, timeout, "the live state to equal Asterisk", interval=0.1)


def wait_idle(center: Center, timeout: float = 15) -> None:
    """No call left on the node (between scenarios)."""
    wait_until(lambda: asterisk_truth(center.node).channels == 0, timeout, "every channel to hang up")


def apply(server: Any, sounds: Path) -> Any:
    from callcenter.pbx.actions import apply_configuration

    return apply_configuration(None, server, sounds_dir=sounds)


def _seed(node: AsteriskNode) -> tuple[Any, dict[str, str]]:
    """The demo center, pointed at this node, with a trunk, an IVR and routes that are open at any hour."""
    from callcenter.demo.actions import seed_demo_center
    from callcenter.pbx import actions as pbx_actions
    from callcenter.pbx.models import (
        AsteriskServer,
        Destination,
        InboundRoute,
        IVRMenu,
        IVROption,
        PhoneAccount,
        Queue,
        Trunk,
    )

    seed_demo_center(ami_port=node.ami_port, node_dir=node.root / "demo")
    # The demo's members are dynamic and log in. This day's center keeps them static (in queues.conf,
    # present from the first call), as a center may per queue; 1004 in sales (test_50) and the agent of
    # test_55 log in and out as dynamic members.
    from callcenter.agents import actions as agent_actions
    from callcenter.agents.models import QueueMembership

    for membership in QueueMembership.objects.filter(static=False):
        membership.static = True
        agent_actions.save(None, membership)
    server = AsteriskServer.objects.get(name="demo")
    server.ami_username = node.ami_username
    server.ami_secret = node.ami_secret
    server.queue_log_path = str(node.queue_log)
    server.config_dir = str(node.config_dir)
    server.recordings_dir = str(node.recordings)
    server.sip_port = node.sip_port
    pbx_actions.save(None, server)
    queues = {queue.name: queue for queue in Queue.objects.all()}
    support = queues["support"]
    support.recording = Queue.Recording.ALL
    pbx_actions.save(None, support)
    pbx_actions.save(
        None,
        Trunk(
            name=TRUNK,
            server=server,
            host="127.0.0.1",
            port=node.carrier_port,
            codecs="alaw,ulaw",
            max_channels=30,
        ),
    )
    menu = pbx_actions.save(
        None, IVRMenu(name="main", greeting="custom/welcome", timeout_s=3, timeout_queue=support)
    )
    pbx_actions.save(None, IVROption(menu=menu, digit="1", destination=Destination.QUEUE, queue=support))
    pbx_actions.save(
        None, IVROption(menu=menu, digit="2", destination=Destination.QUEUE, queue=queues["sales"])
    )
    routes = {MAIN_DID: (Destination.IVR, None, menu), SALES_DID: (Destination.QUEUE, queues["sales"], None)}
    routes[VIP_DID] = (Destination.QUEUE, queues["vip"], None)
    for did, (destination, queue, ivr) in routes.items():
        route = InboundRoute.objects.filter(did=did).first() or InboundRoute(did=did, name=f"Line {did}")
        route.destination, route.queue, route.ivr, route.schedule = destination, queue, ivr, None
        pbx_actions.save(None, route)
    # 1004 works sales as a dynamic member: logs in and out, by feature code or from the agent page.
    from callcenter.accounts.models import Role, User
    from callcenter.agents.models import Agent

    agent = Agent.objects.get(extension="1004")
    user = User.objects.filter(username="agent4").first() or User(username="agent4", role=Role.AGENT)
    user.set_password("agent4-test-2026")
    user.save()
    agent.user = user
    agent_actions.save(None, agent)
    agent_actions.save(None, QueueMembership(agent=agent, queue=queues["sales"], penalty=0, static=False))
    from callcenter.pbx.apply import ensure_phone_accounts

    ensure_phone_accounts(None)
    passwords = {account.extension: account.secret for account in PhoneAccount.objects.all()}
    return server, passwords


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """A test database for the whole session, written for real: no test here is wrapped in a transaction."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={"default": {}})
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


@pytest.fixture(scope="session")
def center(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Center]:
    ensure_built()
    assert settings.REDIS_URL, "the real-Asterisk suite needs REDIS_URL"
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    node = AsteriskNode(tmp_path_factory.mktemp("asterisk-node"))
    node.prepare()
    node.start()  # with no call-center files yet: the image's #tryinclude lines find nothing
    center: Center | None = None
    # The carrier's side of the trunk answers every call, and is up before the trunk is applied: Asterisk
    # qualifies the trunk's contact then, and dials no contact it found unreachable.
    carrier = caller_phone("carrier", node.carrier_port)
    try:
        with django_db_blocker.unblock():
            server, passwords = _seed(node)
            from callcenter.pbx.render import render_center
            from callcenter.pbx.snapshot import collect

            rendered = render_center(collect(server), str(node.config_dir / "live"))
            node.make_prompts(rendered.files.values())
            entry = apply(server, node.sounds / "en")
            assert entry.status == "applied", f"the first apply failed: {entry.error}"
        center = Center(node, server, passwords)
        center.phones["carrier"] = carrier
        start_bridge(center)
        center.phones.register([*AGENTS, SUPERVISOR], passwords, node.sip_port)
        yield center
    finally:
        if center is not None:
            center.phones.stop()
            stop_bridge(center)
        carrier.stop()
        node.stop()


@pytest.fixture(scope="session", autouse=True)
def _database(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The scenarios read and write the test database for real (the bridge is another process)."""
    with django_db_blocker.unblock():
        yield


# -- queue_log, as Asterisk wrote it ---------------------------------------------------------------
@dataclass(frozen=True)
class LogLine:
    time: int
    callid: str
    queue: str
    agent: str
    verb: str
    data: list[str]


def queue_log(center: Center) -> list[LogLine]:
    lines = []
    for raw in center.node.queue_log_lines():
        fields = raw.split("|")
        lines.append(LogLine(int(fields[0]), fields[1], fields[2], fields[3], fields[4], fields[5:]))
    return lines


def wait_log(
    center: Center,
    verb: str,
    *,
    callid: str | None = None,
    queue: str | None = None,
    after: int = 0,
    timeout: float = 20,
) -> LogLine:
    """The first queue_log line of ``verb`` (for that call or queue) at or after line ``after``."""

    def find() -> LogLine | None:
        for line in queue_log(center)[after:]:
            if line.verb == verb and callid in (None, line.callid) and queue in (None, line.queue):
                return line
        return None

    return wait_until(find, timeout, f"queue_log {verb} (callid {callid}, queue {queue})")


def log_mark(center: Center) -> int:
    return len(center.node.queue_log_lines())


def call_support(center: Center, number: str) -> tuple[Phone, int, LogLine]:
    """A customer calls the main line and presses 1 in the IVR: the phone, its dial mark and the call's
    ENTERQUEUE line in support."""
    mark = log_mark(center)
    caller, since = center.call(MAIN_DID, number)
    caller.choose(since, "1")  # IVR: 1 = support
    return caller, since, wait_log(center, "ENTERQUEUE", queue="support", after=mark)


def agent_phone(center: Center, member_name: str) -> Phone:
    """The phone of the agent queue_log names (``Agent 1001``)."""
    return center.phones[member_name.rsplit(" ", 1)[-1]]


def channel_of(center: Center, uniqueid: str) -> list[str] | None:
    """The fields of the call's channel in ``core show channels concise`` (5: the application, 11: the
    seconds up), or None when it is gone."""
    for line in center.node.cli("core show channels concise").splitlines():
        fields = line.split("!")
        if len(fields) > 13 and fields[13] == uniqueid:
            return fields
    return None


def talk(center: Center, callid: str, seconds: int) -> None:
    """Let a bridged call go on until Asterisk's own clock says it has been up ``seconds``."""

    def duration() -> bool:
        fields = channel_of(center, callid)
        if fields is None:
            raise AssertionError(f"call {callid} is no longer up")
        return int(fields[11] or 0) >= seconds

    wait_until(duration, seconds + 10, f"call {callid} to last {seconds} s", interval=0.2)


# -- the product's own actions, as the web calls them ----------------------------------------------
def admin() -> Any:
    from callcenter.accounts.models import User

    return User.objects.get(username="admin")


def pause(extension: str, queue: str | None, paused: bool = True, reason: str = "break") -> None:
    """A supervisor pauses (or unpauses) an agent in one queue, or in all with ``queue=None``."""
    from callcenter.agents.models import Agent, PauseReason
    from callcenter.pbx.models import Queue
    from callcenter.wallboard.actions import pause_agent

    agent = Agent.objects.get(extension=extension)
    pause_agent(
        admin(),
        agent,
        paused=paused,
        reason=PauseReason.objects.get(code=reason) if paused else None,
        queue=Queue.objects.get(name=queue) if queue else None,
    )


@contextmanager
def all_paused(queue: str, extensions: list[str]) -> Iterator[None]:
    """Every one of ``extensions`` paused in ``queue`` only, so its callers wait; unpaused after."""
    for extension in extensions:
        pause(extension, queue)
    try:
        yield
    finally:
        for extension in extensions:
            pause(extension, queue, paused=False)


@contextmanager
def paused_in(center: Center, queue: str, extensions: list[str]) -> Iterator[None]:
    """``all_paused``, and then the live state equals Asterisk."""
    with all_paused(queue, extensions):
        yield
    assert_live_equals_asterisk(center)


def change_queue(center: Center, name: str, **fields: Any) -> Any:
    """Change a queue's settings and apply them to the node, as an admin does; returns the ConfigApply."""
    from callcenter.pbx import actions as pbx_actions
    from callcenter.pbx.models import Queue

    queue = Queue.objects.get(name=name)
    for key, value in fields.items():
        setattr(queue, key, value)
    pbx_actions.save(None, queue)
    start = len(center.node.log_lines())
    entry = apply(center.server, center.node.sounds / "en")
    assert entry.status in ("applied", "unchanged"), f"apply {entry.status}: {entry.error}"
    problems = center.node.problems(start)
    assert problems == [], "the apply's reload logged:\n" + "\n".join(problems)
    return entry


def queue_entries(center: Center, queue: str | None = None) -> dict[str, dict[str, str]]:
    """QueueStatus's waiting callers (of one queue, or of all), by Uniqueid (the queue_log callid)."""
    status = ask(center.node.ami_port, center.node.ami_username, center.node.ami_secret, "QueueStatus")
    return {
        str(event.get("Uniqueid")): dict(event)
        for event in status.events
        if event.get("Event") == "QueueEntry" and queue in (None, event.get("Queue"))
    }


def waiting_for(center: Center, callid: str) -> int:
    """How long (s) Asterisk says this caller has waited in a queue, or -1 when not waiting."""
    entry = queue_entries(center).get(callid)
    return -1 if entry is None else int(entry.get("Wait") or 0)
