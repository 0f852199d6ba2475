"""The wallboard in Debian's chromium: a supervisor watches an agent ring, talk and go idle while the
simulator runs, whispers to the agent and sees the spy call; an agent-role user is refused."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from asgiref.sync import sync_to_async
from django.db import connections
from pytest_django import Settings

from callcenter.accounts.models import User
from callcenter.ami.sync import client_for
from callcenter.live.bridge import run_bridge
from callcenter.simulator.runner import Simulator
from tests.factories import AsteriskServerFactory
from tests.harness.browser import chromium, sign_in
from tests.harness.simulator_conf import ANNA, IVAN, SIMULATOR_SECRET, queue_section, write_conf
from tests.wallboard.conftest import LiveStore
from tests.wallboard.liveserver import AsgiServer, BackgroundLoop, wallboard_application
from tests.wallboard.pages import page_of
from tests.wallboard.spying import with_phone

if TYPE_CHECKING:
    from callcenter.pbx.models import AsteriskServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]


@pytest.fixture
def simulator_conf(tmp_path: Path) -> Path:
    support = queue_section(
        "support",
        IVAN,
        ANNA,
        strategy="linear",
        timeout=15,
        retry=1,
        wrapuptime=0,
        ringinuse="no",
        joinempty="yes",
        servicelevel=20,
        setinterfacevar="yes",
        setqueueentryvar="yes",
        setqueuevar="yes",
    )
    return write_conf(tmp_path, support)


@pytest.fixture
def running_center(
    center: dict[str, Any], simulator_conf: Path, live_store: LiveStore, settings: Settings
) -> Iterator[dict[str, Any]]:
    """The simulator on 127.0.0.1, the AMI bridge (spy sessions are its subscriber) and uvicorn, all real."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs its own loop here
    settings.WALLBOARD_SUPERVISOR_CHANNEL = "Local/{extension}@supervisor"
    for persona, interface in (("ivan", "Local/1001@agents/n"), ("anna", "Local/1002@agents/n")):
        center[persona].interface = interface
        center[persona].save()
    with_phone(center["sam"], "900")

    background = BackgroundLoop()
    simulator = Simulator(config_dir=simulator_conf)
    # Agents pick up after ringing 1.5 s, so that "ringing" is on the board long enough to be seen.
    simulator.engine.answer_delay = lambda member: 1.5
    background.run(simulator.start())
    node = AsteriskServerFactory(name="sim", ami_port=simulator.port, ami_secret=SIMULATOR_SECRET)
    stop = background.run(_event())
    bridge = background.start(run_bridge(stop, ["sim"], ping_interval=0, backoff_initial=0.05))
    server = AsgiServer(wallboard_application())
    base_url = server.start()
    try:
        yield {
            **center,
            "node": node,
            "base_url": base_url,
            "originate": lambda headers: background.run(_originate(node, headers)),
        }
    finally:
        background.loop.call_soon_threadsafe(stop.set)
        bridge.result(15)
        server.stop()
        background.run(simulator.stop())
        background.run(sync_to_async(connections.close_all)())
        background.stop()
        connections.close_all()


async def _event() -> asyncio.Event:
    return asyncio.Event()


async def _originate(node: AsteriskServer, headers: dict[str, str]) -> None:
    # Playwright's sync API keeps an event loop in the test's thread, so the call is placed from here.
    client = client_for(node, ping_interval=0, reconnect=False)
    await client.connect()
    try:
        await client.action("Originate", headers)
    finally:
        await client.close()


def test_supervisor_watches_and_whispers_agent_is_refused(running_center: dict[str, Any]) -> None:
    from playwright.sync_api import expect

    base_url = running_center["base_url"]
    errors: list[str] = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.on("pageerror", lambda error: errors.append(str(error)))
        # Console errors too (an SVG attribute that went NaN is only reported there); the favicon the
        # project does not have is the one expected 404.
        page.on(
            "console",
            lambda message: (
                errors.append(message.text) if message.type == "error" and "404" not in message.text else None
            ),
        )
        sign_in(page, base_url, "sam")
        page.goto(f"{base_url}/wallboard/")
        expect(page.locator("#wb-conn.wb-conn-live")).to_be_visible(timeout=15000)
        card = page.locator('.wb-agent[data-agent="Agent 1001"]')
        expect(card).to_have_attribute("data-state", "idle", timeout=15000)
        expect(page.locator('.wb-queue[data-queue="support"]')).to_be_visible()

        # A customer calls the support queue (as s01 does): linear strategy rings Agent 1001 first.
        running_center["originate"](
            {
                "Channel": "Local/support@queue-entry",
                "Application": "Wait",
                "Data": "40",
                "CallerID": '"Customer Six" <5550006>',
                "Async": "true",
                "Variable": "__AGENT_TALK=9",
            },
        )
        expect(card).to_have_attribute("data-state", "ringing", timeout=10000)
        expect(card).to_have_attribute("data-state", "in call", timeout=10000)
        expect(card.locator(".wb-call")).to_contain_text("5550006")

        card.click()
        page.locator('#wb-dialog [data-spy="whisper"]').click()
        expect(page.locator("#wb-result")).to_contain_text("Ringing your phone (Local/900@supervisor)")
        spy = page.locator('#wb-spies .wb-spy[data-mode="whisper"]')
        expect(spy).to_be_visible(timeout=10000)
        expect(spy).to_contain_text("sam")
        page.locator("#wb-close").click()

        expect(card).to_have_attribute("data-state", "idle", timeout=20000)
        expect(card.locator(".wb-answered")).to_contain_text("1")
        assert errors == []

        # An agent-role user is refused, by the page and by the WebSocket opened by hand.
        agent_page = browser.new_context().new_page()
        sign_in(agent_page, base_url, "ivan")
        response = agent_page.goto(f"{base_url}/wallboard/")
        assert response is not None and response.status == 403
        opened = agent_page.evaluate(
            """() => new Promise(resolve => {
                const socket = new WebSocket(location.origin.replace('http', 'ws') + '/ws/wallboard/');
                socket.onopen = () => resolve(true);
                socket.onclose = () => resolve(false);
            })"""
        )
        assert opened is False


def test_tv_mode_reconnects_by_itself(
    center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path, admin_user: User
) -> None:
    """The TV has nobody to press reload: when the web server goes away and comes back, so does the board."""
    from playwright.sync_api import expect

    from tests.wallboard.conftest import event_named, state_until

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    live_store.write(
        "node1", state_until(asterisk_fixtures, "s01_inbound", "node1", event_named("AgentConnect"))
    )
    live_store.set_connected("node1", True, 600_000)
    application = wallboard_application()
    server = AsgiServer(application)
    base_url = server.start()
    port = int(base_url.rsplit(":", 1)[1])
    try:
        with page_of(base_url, "alice", "/wallboard/tv/") as page:
            expect(page.locator("#wb-conn.wb-conn-live")).to_be_visible(timeout=15000)
            expect(page.locator("#wb-dialog")).to_have_count(0)  # no controls on the TV
            expect(page.locator('.wb-agent[data-agent="Agent 1001"]')).to_have_attribute(
                "data-state", "in call"
            )

            server.stop()
            expect(page.locator("#wb-conn.wb-conn-reconnecting")).to_be_visible(timeout=15000)
            server = AsgiServer(application, port=port)
            server.start()
            expect(page.locator("#wb-conn.wb-conn-live")).to_be_visible(timeout=20000)
            expect(page.locator('.wb-agent[data-agent="Agent 1001"]')).to_have_attribute(
                "data-state", "in call"
            )
    finally:
        server.stop()
        connections.close_all()


def test_a_lost_nodes_queues_and_agents_leave_the_board_until_it_is_back(
    center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path, admin_user: User
) -> None:
    """What a node said before its bridge fell silent is stale: its tiles and agents leave the board (and so its
    totals) while the alarm says the node is lost, and come back with it."""
    from playwright.sync_api import expect

    from tests.wallboard.conftest import event_named, state_until

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    live_store.write(
        "node1", state_until(asterisk_fixtures, "s01_inbound", "node1", event_named("AgentConnect"))
    )
    live_store.set_connected("node1", True, 600_000)
    server = AsgiServer(wallboard_application())
    base_url = server.start()
    agent = '#wb-agents .wb-agent[data-agent="Agent 1001"]'
    lost = '.wb-node[data-server="node1"] .wb-node-lost'
    try:
        with page_of(base_url, "alice", "/wallboard/") as page:
            expect(page.locator(agent)).to_have_attribute("data-state", "in call", timeout=15000)
            expect(page.locator('.wb-queue[data-queue="support"]')).to_have_count(1)

            # Playwright's loop runs in this thread: the store is written from another one.
            with ThreadPoolExecutor(1) as writer:
                writer.submit(live_store.set_connected, "node1", False).result()
            expect(page.locator(lost)).to_have_count(1, timeout=10000)
            expect(page.locator(agent)).to_have_count(0)
            expect(page.locator(".wb-queue")).to_have_count(0)

            with ThreadPoolExecutor(1) as writer:
                writer.submit(live_store.set_connected, "node1", True, 600_000).result()
            expect(page.locator(agent)).to_have_attribute("data-state", "in call", timeout=10000)
            expect(page.locator('.wb-queue[data-queue="support"]')).to_have_count(1)
            expect(page.locator(lost)).to_have_count(0)
    finally:
        server.stop()
        connections.close_all()


def test_a_pause_over_its_limit_is_an_alarm_until_it_ends(running_center: dict[str, Any]) -> None:
    from playwright.sync_api import expect

    from tests.factories import PauseReasonFactory

    PauseReasonFactory(code="smoke", label="Smoke break", max_minutes=Decimal("0.1"))  # 6 s
    errors: list[str] = []
    with page_of(running_center["base_url"], "sam", "/wallboard/", errors) as page:
        card = page.locator('.wb-agent[data-agent="Agent 1001"]')
        expect(card).to_have_attribute("data-state", "idle", timeout=15000)
        card.click()
        page.select_option("#wb-pause-reason", "smoke")
        page.locator("#wb-pause").click()
        expect(page.locator("#wb-result")).to_have_text("Paused.")
        page.locator("#wb-close").click()
        expect(card).to_have_attribute("data-state", "paused", timeout=10000)

        alarms = page.locator("#wb-alarms")
        expect(alarms).to_contain_text("Pause over limit", timeout=15000)
        expect(alarms).to_contain_text("smoke")
        expect(card).to_have_class(re.compile(r"\bwb-pause-over\b"))

        card.click()
        page.locator("#wb-unpause").click()
        expect(page.locator("#wb-result")).to_have_text("Unpaused.")
        page.locator("#wb-close").click()
        expect(card).to_have_attribute("data-state", "idle", timeout=10000)
        expect(alarms).not_to_contain_text("Pause over limit")
        expect(card).not_to_have_class(re.compile(r"\bwb-pause-over\b"))
        assert errors == []


def test_a_logged_out_agent_is_listed_and_the_supervisor_logs_them_in(running_center: dict[str, Any]) -> None:
    from playwright.sync_api import expect

    from tests.factories import AgentFactory, QueueMembershipFactory

    kate = AgentFactory(
        extension="1003",
        member_name="Agent 1003",
        interface="Local/1003@agents/n",
        team=running_center["north"],
    )
    QueueMembershipFactory(agent=kate, queue=running_center["support"])
    errors: list[str] = []
    with page_of(running_center["base_url"], "sam", "/wallboard/", errors) as page:
        waiting = page.locator('#wb-logged-out .wb-agent[data-agent="Agent 1003"]')
        expect(waiting).to_have_attribute("data-state", "logged out", timeout=15000)
        waiting.click()
        expect(page.locator("#wb-login-queue")).to_have_value("support")
        page.locator("#wb-login").click()
        expect(page.locator("#wb-result")).to_have_text("Logged in to support.")
        page.locator("#wb-close").click()
        expect(page.locator('#wb-agents .wb-agent[data-agent="Agent 1003"]')).to_be_visible(timeout=10000)
        expect(waiting).to_have_count(0)
        assert errors == []
