"""The dialer service against the project's Asterisk simulator, in one event loop (as in the demo)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.db import connection

from callcenter.dialer.models import Attempt, DialerAgentState
from callcenter.dialer.service import run_dialer
from callcenter.simulator.runner import Simulator
from tests.dialer.conftest import NOON, make_campaign, make_leads
from tests.factories import AgentFactory, AsteriskServerFactory, QueueFactory

ALL_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
USER, SECRET = "dialer", "dialer-test-secret"


def _setup(port: int) -> None:
    AsteriskServerFactory(name="sim", ami_port=port, ami_username=USER, ami_secret=SECRET)
    support = QueueFactory(name="support")
    campaign = make_campaign(queue=support, call_windows=ALL_DAY)
    make_leads(campaign, 30)
    for n in range(1, 4):
        agent: Any = AgentFactory(member_name=f"Agent 100{n}", extension=f"100{n}")
        DialerAgentState.objects.create(agent=agent, campaign=campaign, status="ready", since=NOON)


def _progress() -> tuple[int, int]:
    return Attempt.objects.count(), Attempt.objects.filter(bridged_at__isnull=False).count()


async def wait_for_condition(check, timeout: float) -> None:
    """Poll ``check`` (async) until it is true; fail after ``timeout`` seconds."""
    async with asyncio.timeout(timeout):
        while not await check():
            await asyncio.sleep(0.05)


@pytest.mark.django_db(transaction=True)
async def test_the_service_dials_and_agents_get_calls_through_the_simulator():
    simulator = Simulator(seed=3, speed=20.0, username=USER, secret=SECRET)
    await simulator.start()
    stop = asyncio.Event()
    try:
        await sync_to_async(_setup)(simulator.port)
        service = asyncio.create_task(run_dialer(stop, tick_s=0.05))

        async def some_bridged() -> bool:
            dialed, bridged = await sync_to_async(_progress)()
            return dialed >= 3 and bridged >= 1

        await wait_for_condition(some_bridged, 20)
        stop.set()
        await asyncio.wait_for(service, 10)
    finally:
        stop.set()
        await simulator.stop()
    bridged = await sync_to_async(
        lambda: list(
            Attempt.objects.filter(bridged_at__isnull=False).values_list("agent__member_name", flat=True)
        )
    )()
    assert set(bridged) <= {"Agent 1001", "Agent 1002", "Agent 1003"}
    await sync_to_async(lambda: connection.close())()
