"""The bridge end to end: a local AMI server replaying recorded bytes, the real Redis store and the
Redis channel layer; then a cut connection and an exact resync."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connections
from prometheus_client import REGISTRY
from pytest_django import Settings

from callcenter.ami.protocol import Message
from callcenter.live.bridge import Routing, queue_group, split_delta, team_group
from callcenter.live.messages import Delta
from callcenter.live.store import get_store, read_all, read_snapshot
from tests.factories import AgentFactory, AsteriskServerFactory, QueueFactory, TeamFactory
from tests.harness.ami import AMIServer, Connection
from tests.harness.frames import empty_list, recorded_frames, replace_action_id, transcript_body
from tests.harness.recordings import transcript_bytes
from tests.harness.waiting import until
from tests.live.bridgeprocess import child_env
from tests.live.inprocess import FAST, bridge_running

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(60)]


async def _listen(*groups: str) -> tuple[Any, str]:
    layer = get_channel_layer()
    channel = await layer.new_channel()
    for group in groups:
        await layer.group_add(group, channel)
    return layer, channel


async def _receive_until(
    layer: Any, channel: str, predicate: Callable[[dict[str, Any]], bool], limit: float = 10.0
) -> list[dict[str, Any]]:
    """Messages received on ``channel`` up to and including the first matching ``predicate``."""
    got: list[dict[str, Any]] = []
    async with asyncio.timeout(limit):
        while True:
            message = await layer.receive(channel)
            got.append(message)
            if predicate(message):
                return got


def _is(kind: str, server: str) -> Callable[[dict[str, Any]], bool]:
    return lambda m: m["type"] == kind and m["server"] == server


async def test_bridge_stores_and_publishes_a_recorded_call(
    ami_server: AMIServer, node: Any, asterisk_fixtures: Path, settings: Settings
) -> None:
    settings.LIVE_PUBLISH_SCOPED_GROUPS = True  # the per-queue and per-team groups are off by default
    team = await sync_to_async(TeamFactory)(name="North")
    support = await sync_to_async(QueueFactory)(name="support")
    await sync_to_async(team.queues.add)(support)
    await sync_to_async(AgentFactory)(extension="1001", interface="Local/1001@agents/n", team=team)
    layer, all_channel = await _listen("live.all")
    _, queue_channel = await _listen(queue_group("support"))
    _, team_channel = await _listen(team_group(team.pk))
    async with bridge_running([node.name], **FAST):
        await _receive_until(layer, all_channel, _is("live.resync", node.name))
        ami_server.push(transcript_body(transcript_bytes(asterisk_fixtures, "s01_inbound")))

        def call_finished(message: dict[str, Any]) -> bool:
            call = message.get("calls", {}).get("1795355838.1")
            return message["type"] == "live.delta" and call is not None and call["final"]

        messages = await _receive_until(layer, all_channel, call_finished)
        seqs = [m["seq"] for m in messages]
        assert seqs == sorted(seqs)
        snapshot = await sync_to_async(read_snapshot)(node.name)
        assert snapshot["connected"] is True
        assert snapshot["calls"] == {}
        (call,) = snapshot["recent_calls"]
        assert (call["callid"], call["outcome"], call["agent"], call["talk_s"], call["ended_by"]) == (
            "1795355838.1",
            "answered",
            "Agent 1001",
            4.0,
            "caller",
        )
        agent = snapshot["agents"]["Local/1001@agents/n"]
        assert (agent["state"], agent["answered_today"]) == ("idle", 1)
        assert snapshot["queues"]["support"]["today"]["answered"] == 1
        assert snapshot["channels"]["total"] == 0

        queue_messages = await _receive_until(layer, queue_channel, call_finished)
        assert all(set(m.get("queues", {})) <= {"support"} for m in queue_messages)
        team_messages = await _receive_until(layer, team_channel, call_finished)
        assert any("Local/1001@agents/n" in m.get("agents", {}) for m in team_messages)
        events = REGISTRY.get_sample_value("cc_ami_events_total", {"server": node.name})
        assert events is not None and events >= 150
    snapshot = await sync_to_async(read_snapshot)(node.name)
    assert snapshot["connected"] is False


async def test_cut_connection_then_exact_resync(
    ami_server: AMIServer, node: Any, asterisk_fixtures: Path
) -> None:
    s05 = transcript_bytes(asterisk_fixtures, "s05_status_snapshot")
    status_frames = recorded_frames(s05, "s05_status_snapshot-32")
    channel_frames = recorded_frames(s05, "s05_status_snapshot-37")

    def queue_status(conn: Connection, msg: Message) -> bytes:
        if conn.number == 1:
            return empty_list(msg.action_id, "QueueStatusComplete")
        return replace_action_id(status_frames, "s05_status_snapshot-32", msg.action_id or "")

    def core_show_channels(conn: Connection, msg: Message) -> bytes:
        if conn.number == 1:
            return empty_list(msg.action_id, "CoreShowChannelsComplete")
        return replace_action_id(channel_frames, "s05_status_snapshot-37", msg.action_id or "")

    ami_server.handlers["QueueStatus"] = queue_status
    ami_server.handlers["CoreShowChannels"] = core_show_channels
    layer, channel = await _listen("live.all")
    async with bridge_running([node.name], **FAST):
        await _receive_until(layer, channel, _is("live.resync", node.name))
        # The sales caller of s02 joins while both members are paused for lunch...
        s02 = transcript_body(transcript_bytes(asterisk_fixtures, "s02_abandon"))
        ami_server.push(s02[: s02.index(b"Event: MusicOnHoldStart")])
        await _receive_until(layer, channel, lambda m: "1795355843.5" in m.get("calls", {}))
        before = await sync_to_async(read_snapshot)(node.name)
        assert list(before["calls"]) == ["1795355843.5"]
        assert before["agents"]["Local/1201@agents/n"]["state"] == "paused"

        # ...then the connection is cut; meanwhile the PBX moved on to the s05 picture.
        ami_server.cut()
        statuses = await _receive_until(layer, channel, _is("live.resync", node.name))
        assert {
            "type": "live.status",
            "server": node.name,
            "seq": statuses[0]["seq"],
            "connected": False,
        } in statuses
        after = await sync_to_async(read_snapshot)(node.name)
        assert {cid: (c["state"], c["agent"]) for cid, c in after["calls"].items()} == {
            "1795355864.21": ("waiting", None),
            "1795355863.13": ("talking", "Agent 1002"),
            "1795355863.17": ("talking", "Agent 1001"),
        }
        assert after["agents"]["Local/1201@agents/n"]["state"] == "idle"
        assert after["agents"]["Local/1001@agents/n"]["current_call"] == "1795355863.17"
        assert after["queues"]["sales"]["waiting_count"] == 0
        assert after["queues"]["support"]["waiting_count"] == 1
        assert after["channels"]["total"] == 10
        assert len(ami_server.connections) == 2
        reconnects = REGISTRY.get_sample_value("cc_ami_reconnects_total", {"server": node.name})
        assert reconnects == 1
        merged = await sync_to_async(read_all)()
        assert merged["servers"][node.name]["connected"] is True
        assert merged["calls"]["1795355864.21"]["server"] == node.name


def test_split_delta_routes_by_queue_and_team() -> None:
    routing = Routing(agent_teams={"PJSIP/1001": 7}, queue_teams={"support": {7}, "sales": {8}})
    delta = {
        "calls": {"1.1": {"callid": "1.1", "queue": "sales", "agent_interface": "PJSIP/1001"}},
        "agents": {"PJSIP/1001": {"queues": {"support": {}}}},
        "queues": {"support": {"name": "support"}, "sales": {"name": "sales"}},
    }
    parts = split_delta(cast(Delta, delta), routing)
    assert set(parts) == {"live.queue.support", "live.queue.sales", "live.team.7", "live.team.8"}
    assert list(parts["live.team.7"]["calls"]) == ["1.1"]  # its agent took a sales call
    assert list(parts["live.team.8"]["agents"]) == []
    assert list(parts["live.queue.sales"]["agents"]) == []
    assert list(parts["live.queue.support"]["agents"]) == ["PJSIP/1001"]


def test_split_delta_sends_removals_to_the_queues_that_changed() -> None:
    delta = {"calls": {"1.2": None}, "agents": {"PJSIP/1002": None}, "queues": {"sales": {"name": "sales"}}}
    parts = split_delta(cast(Delta, delta), Routing())
    assert parts == {
        "live.queue.sales": {
            "calls": {"1.2": None},
            "agents": {"PJSIP/1002": None},
            "queues": {"sales": {"name": "sales"}},
        }
    }


async def test_command_stops_cleanly_on_sigterm(ami_server: AMIServer, node: Any) -> None:
    metrics_port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "ami_bridge",
            "--server",
            node.name,
            "--metrics-port",
            str(metrics_port),
        ],
        cwd=settings.BASE_DIR,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        await asyncio.wait_for(ami_server.logins.get(), 30)
        metrics_text = await asyncio.to_thread(_read_metrics, metrics_port, node.name)
        assert f'cc_ami_connected{{server="{node.name}"}} 1.0' in metrics_text
        process.send_signal(signal.SIGTERM)
        closed = await asyncio.wait_for(ami_server.closed.get(), 10)
        code = await asyncio.wait_for(asyncio.to_thread(process.wait), 10)
    finally:
        if process.poll() is None:
            process.kill()
        output = process.stdout.read().decode() if process.stdout else ""
    assert code == 0, output
    assert closed.actions[-1]["Action"] == "Logoff"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _read_metrics(port: int, server: str) -> str:
    """The /metrics page once the bridge reports the node connected (polled with a deadline)."""
    deadline = time.monotonic() + 15
    text = ""
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as page:
            body: bytes = page.read()
        text = body.decode()
        if f'cc_ami_connected{{server="{server}"}} 1.0' in text:
            return text
    return text


async def test_embedded_demo_mode_uses_process_memory(
    ami_server: AMIServer, node: Any, asterisk_fixtures: Path, settings: Settings
) -> None:
    """Without Redis the bridge keeps the snapshot in process memory and uses the in-memory layer."""
    settings.REDIS_URL = None
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    layer, channel = await _listen("live.all")
    async with bridge_running([node.name], **FAST):
        await _receive_until(layer, channel, _is("live.resync", node.name))
        ami_server.push(transcript_body(transcript_bytes(asterisk_fixtures, "s02_abandon")))
        await _receive_until(
            layer,
            channel,
            lambda m: m.get("calls", {}).get("1795355843.5", {}) and m["calls"]["1795355843.5"]["final"],
        )
        snapshot = read_snapshot(node.name)
        assert [c["outcome"] for c in snapshot["recent_calls"]] == ["abandoned"]
        assert snapshot["queues"]["sales"]["today"]["abandoned"] == 1


async def test_servers_added_and_disabled_while_running_are_followed(ami_server: AMIServer) -> None:
    node = None
    try:
        async with bridge_running(refresh_interval=0.05, **FAST):
            node = await sync_to_async(AsteriskServerFactory)(
                ami_port=ami_server.port, ami_secret=ami_server.secret
            )
            await asyncio.wait_for(ami_server.logins.get(), 10)
            node.enabled = False
            await sync_to_async(node.save)()
            closed = await asyncio.wait_for(ami_server.closed.get(), 10)
            assert closed.actions[-1]["Action"] == "Logoff"
            # The node is marked disconnected once its bridge has finished.
            name = str(node.name)
            await until(lambda: not read_snapshot(name)["connected"], 10)
    finally:
        if node is not None:
            await get_store().delete(str(node.name))
        await sync_to_async(connections.close_all)()
