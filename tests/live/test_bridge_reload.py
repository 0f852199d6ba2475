"""The bridge re-reads a node after a reload: on Asterisk's ``Reload`` event of app_queue (an app_queue
reload sends no QueueParams and drops removed static members without an event), and when the
configuration apply asks for it."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connections

from callcenter.ami.client import AMIClient
from callcenter.ami.protocol import FrameParser, Message
from callcenter.demo.actions import seed_demo_center
from callcenter.live.bridge import Routing, ServerBridge, ServerConfig, reloads_queues
from callcenter.live.store import get_store
from callcenter.pbx.apply import apply_configuration, expected_strategies
from callcenter.pbx.models import AsteriskServer, ConfigApply
from callcenter.simulator.runner import Simulator
from tests.harness.ami import AMIServer, Connection
from tests.harness.frames import transcript_body
from tests.harness.recordings import transcript_bytes
from tests.harness.simulator_conf import ANNA, IVAN, SIMULATOR_SECRET, queue_section, write_conf, write_queues
from tests.live.inprocess import FAST, bridge_running

pytestmark = pytest.mark.timeout(60)


def _support(strategy: str, *members: str) -> str:
    return queue_section("support", *members, strategy=strategy, timeout=15, ringinuse="no", joinempty="yes")


async def _listen(group: str) -> tuple[Any, str]:
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(group, channel)
    return layer, channel


async def _next_resync(layer: Any, channel: str, server: str) -> None:
    async with asyncio.timeout(10):
        while True:
            message = await layer.receive(channel)
            if message["type"] == "live.resync" and message["server"] == server:
                return


@asynccontextmanager
async def _bridge(
    name: str, port: int, username: str, secret: str, *, layer: Any, resync_delay: float
) -> AsyncIterator[ServerBridge]:
    """The bridge of the node at ``port`` running until the block ends; its live state is then dropped."""
    bridge = ServerBridge(
        ServerConfig(name, "127.0.0.1", port, username, secret),
        store=get_store(),
        layer=layer,
        routing=Routing(),
        tz=dt.UTC,
        resync_delay=resync_delay,
        **FAST,
    )
    stop = asyncio.Event()
    running = asyncio.create_task(bridge.run(stop))
    try:
        yield bridge
    finally:
        stop.set()
        await asyncio.wait_for(running, 10)
        await get_store().delete(name)


@pytest.fixture
async def simulator(tmp_path: Path) -> AsyncIterator[Simulator]:
    conf = tmp_path / "conf"
    conf.mkdir()
    sim = Simulator(config_dir=write_conf(conf, _support("rrmemory", IVAN, ANNA)))
    await sim.start()
    yield sim
    await sim.stop()


async def test_an_app_queue_reload_burst_makes_one_resync_with_the_new_queues(
    simulator: Simulator, tmp_path: Path
) -> None:
    name = "reload-sim"
    layer, channel = await _listen("live.all")
    async with _bridge(
        name, simulator.port, "ccadmin", SIMULATOR_SECRET, layer=layer, resync_delay=0.5
    ) as bridge:
        admin = AMIClient("127.0.0.1", simulator.port, "ccadmin", SIMULATOR_SECRET, ping_interval=0)
        try:
            await _next_resync(layer, channel, name)  # after login
            support = bridge.state.queues["support"]
            assert support.strategy == "rrmemory"
            assert "Local/1002@agents/n" in bridge.state.agents

            write_queues(tmp_path / "conf", _support("linear", IVAN))  # 1002 is no longer a static member
            await admin.connect()
            answers = await asyncio.gather(
                *(admin.action("Reload", {"Module": "app_queue.so"}) for _ in range(3))
            )
            assert [answer.get("Message") for answer in answers] == ["Module Reloaded"] * 3
            await _next_resync(layer, channel, name)
            await asyncio.wait_for(bridge.resync_settled(), 10)

            assert bridge.resyncs == 2  # the login's and one for the burst
            assert bridge.state.queues["support"].strategy == "linear"
            assert "Local/1002@agents/n" not in bridge.state.agents
            snapshot = bridge.state.snapshot(0.0)
            assert snapshot["queues"]["support"]["agents"]["total"] == 1
        finally:
            await admin.close()


def test_which_reload_events_concern_the_queues(asterisk_fixtures: Path) -> None:
    recorded = [
        message
        for message in FrameParser().feed(transcript_bytes(asterisk_fixtures, "s09_reload"))
        if message.event == "Reload"
    ]
    assert len(recorded) == 2 and all(reloads_queues(message) for message in recorded)
    for module, concerned in (("All", True), ("", True), ("res_pjsip.so", False), ("pbx_config", False)):
        assert (
            reloads_queues(Message([("Event", "Reload"), ("Module", module), ("Status", "0")])) is concerned
        )


async def _next_action(server: AMIServer, name: str) -> Connection:
    async with asyncio.timeout(10):
        while True:
            connection, message = await server.received.get()
            if message.get("Action") == name:
                return connection


async def test_the_recorded_reload_events_make_the_bridge_ask_queue_status(
    ami_server: AMIServer, asterisk_fixtures: Path
) -> None:
    name = "reload-recorded"
    async with _bridge(
        name, ami_server.port, ami_server.username, ami_server.secret, layer=None, resync_delay=0.2
    ) as bridge:
        await _next_action(ami_server, "QueueStatus")  # after login
        recorded = transcript_bytes(asterisk_fixtures, "s09_reload")
        ami_server.push(transcript_body(recorded))  # two Reload events of app_queue.so, as recorded
        connection = await _next_action(ami_server, "QueueStatus")
        await asyncio.wait_for(bridge.resync_settled(), 10)
        asked = [m.get("Action") for m in connection.actions if m.get("Action") == "QueueStatus"]
        assert asked == ["QueueStatus", "QueueStatus"]
        assert bridge.resyncs == 2


class QuietReloader:
    """A node whose reloads succeed without a word on AMI (as with an AMI user that does not read the
    ``system`` class): only the apply's own request can tell the bridge."""

    def __init__(self, server: AsteriskServer) -> None:
        self.server = server
        self.modules: list[str] = []

    def reload(self, module: str) -> str:
        self.modules.append(module)
        return "Module Reloaded"

    def queue_strategies(self) -> dict[str, str]:
        return expected_strategies(Path(self.server.config_dir) / "live")


def _apply(server: AsteriskServer, reloader: QuietReloader) -> ConfigApply:
    try:
        return apply_configuration(None, server, reloader=reloader)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
async def test_the_configuration_apply_asks_the_bridge_to_resync(
    ami_server: AMIServer, tmp_path: Path
) -> None:
    await sync_to_async(seed_demo_center)(ami_port=ami_server.port, node_dir=tmp_path / "node")
    await sync_to_async(AsteriskServer.objects.filter(name="demo").update)(enabled=True)
    server = await sync_to_async(AsteriskServer.objects.get)(name="demo")
    server.ami_secret = ami_server.secret
    await sync_to_async(server.save)()
    try:
        async with bridge_running(["demo"], resync_delay=0.05, **FAST):
            await _next_action(ami_server, "QueueStatus")  # after login
            reloader = QuietReloader(server)
            # A plain thread with no event loop of its own, as in a management command or a Celery task.
            entry = await asyncio.to_thread(_apply, server, reloader)
            assert entry.status == ConfigApply.Status.APPLIED, entry.error
            assert "app_queue.so" in reloader.modules
            connection = await _next_action(ami_server, "QueueStatus")
            assert not [m for m in connection.actions if m.get("Action") == "Reload"]
    finally:
        await get_store().delete("demo")
        await sync_to_async(connections.close_all)()
