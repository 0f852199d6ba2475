"""The dialer service against the project's Asterisk simulator, in one event loop (as in the demo): the
bridge holds the node's one AMI event stream, the dialer's subscriber settles the attempts from it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.db import connections

from callcenter.ami.sync import call_action
from callcenter.dialer.models import Attempt, DialerAgentState
from callcenter.dialer.service import run_dialer
from callcenter.live.bridge import run_bridge
from callcenter.live.store import get_store
from callcenter.pbx.models import AsteriskServer
from callcenter.simulator.runner import Simulator
from tests.dialer.conftest import NOON, make_campaign, make_leads
from tests.factories import AgentFactory, AsteriskServerFactory, QueueFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(90)]

ALL_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
USER, SECRET = "dialer", "dialer-test-secret"
SETTLED_OUTCOMES = {"answered", "busy", "no_answer", "congestion", "failed", "abandoned"}


def _setup(port: int) -> None:
    AsteriskServerFactory(name="sim", ami_port=port, ami_username=USER, ami_secret=SECRET)
    support = QueueFactory(name="support")
    campaign = make_campaign(queue=support, call_windows=ALL_DAY)
    make_leads(campaign, 30)
    for n in range(1, 4):
        agent: Any = AgentFactory(member_name=f"Agent 100{n}", extension=f"100{n}")
        DialerAgentState.objects.create(agent=agent, campaign=campaign, status="ready", since=NOON)


def _progress() -> tuple[int, int]:
    ended = Attempt.objects.filter(state="ended").exclude(outcome="").count()
    return ended, Attempt.objects.filter(bridged_at__isnull=False).count()


async def wait_for_condition(check: Callable[[], Awaitable[bool]], timeout: float) -> None:
    """Poll ``check`` (a database read: no event to wait on) until it is true; fail after ``timeout``."""
    async with asyncio.timeout(timeout):
        while not await check():
            await asyncio.sleep(0.05)


@pytest.fixture
async def dialing() -> AsyncIterator[Simulator]:
    """The simulator, the bridge (with every registered subscriber) and the dialer service, running."""
    simulator = Simulator(seed=3, speed=20.0, username=USER, secret=SECRET)
    await simulator.start()
    stop = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []
    try:
        await sync_to_async(_setup)(simulator.port)
        tasks.append(asyncio.create_task(run_bridge(stop, ["sim"], ping_interval=0, backoff_initial=0.05)))
        tasks.append(asyncio.create_task(run_dialer(stop, tick_s=0.05)))

        async def settling() -> bool:
            ended, bridged = await sync_to_async(_progress)()
            return ended >= 3 and bridged >= 1

        await wait_for_condition(settling, 30)
        yield simulator
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 15)
        await simulator.stop()
        await get_store().delete("sim")
        await sync_to_async(connections.close_all)()


async def test_attempts_settle_with_outcomes_from_the_bridges_events(dialing: Simulator) -> None:
    attempts = await sync_to_async(lambda: list(Attempt.objects.select_related("agent")))()
    ended = [a for a in attempts if a.state == "ended"]
    assert ended and {a.outcome for a in ended} <= SETTLED_OUTCOMES
    bridged = [a for a in attempts if a.bridged_at is not None]
    assert all(a.answered_at is not None and a.uniqueid for a in bridged)
    assert {a.agent.member_name for a in bridged if a.agent} <= {"Agent 1001", "Agent 1002", "Agent 1003"}


async def test_the_node_has_one_event_stream_whatever_else_talks_to_it(dialing: Simulator) -> None:
    # A wallboard-style action from a worker thread, besides the dialer's Originates.
    node = await sync_to_async(AsteriskServer.objects.get)(name="sim")
    await asyncio.to_thread(call_action, node, "Ping")
    server = dialing.server
    streams = [s for s in server.sessions if s.authenticated and s.events != set()]
    assert [s.username for s in streams] == [USER]
    assert server.event_stream_logins == 1
    # The fixture waited for three settled attempts: three Originates, and the Ping, each in a session
    # that logged in with events off.
    assert server.action_only_logins >= 4
