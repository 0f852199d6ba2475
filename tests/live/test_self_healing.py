"""The live state repairs itself: heartbeat expiry when the bridge dies or hangs, a full rewrite after Redis
lost its data, a frozen AMI peer dropped within 5 s, and the periodic resync that corrects drift.

Real Redis (the test's own database index), a real local AMI server, the bridge in this process or as
``manage.py ami_bridge`` in a child process that is killed with SIGKILL or stopped with SIGSTOP."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import redis
from django.conf import settings
from prometheus_client import REGISTRY

from callcenter.dialer.transport import BridgeLinkTransport, OriginateRequest
from callcenter.live.bridge import ServerBridge
from callcenter.live.store import is_connected, read_snapshot
from tests.harness.ami import AMIServer
from tests.live.bridgeprocess import end_bridge, start_bridge
from tests.live.inprocess import bridge_running
from tests.live.recorded_node import s05_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(60)]

# Fast reconnects; keep-alive pings as the settings have them.
RECONNECT_FAST: dict[str, Any] = {"backoff_initial": 0.01, "backoff_max": 0.05, "action_timeout": 5.0}


@pytest.fixture
async def ami_server(asterisk_fixtures: Path) -> AsyncIterator[AMIServer]:
    server = await s05_server(asterisk_fixtures)
    yield server
    await server.stop()


async def _until(condition: Callable[[], bool], limit: float) -> float:
    """Seconds until ``condition()`` (read from the store in a thread) holds; fails after ``limit``."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with asyncio.timeout(limit):
        while not await asyncio.to_thread(condition):
            await asyncio.sleep(0.02)
    return loop.time() - started


def _report(what: str, seconds: float) -> None:
    print(f"\nmeasured {what}: {seconds:.2f} s", file=sys.stderr)  # figures for docs/reliability.md


@asynccontextmanager
async def _running_bridge(name: str, **options: Any) -> AsyncIterator[ServerBridge]:
    """The bridge of node ``name`` running in this process until the block ends."""
    async with bridge_running([name], **RECONNECT_FAST, **options) as bridges:
        yield await bridges.one()


def _loaded(name: str) -> bool:
    snapshot = read_snapshot(name)
    return snapshot["connected"] and len(snapshot["agents"]) == 12 and snapshot["channels"]["total"] == 10


async def test_flushdb_brings_back_the_snapshot_and_connected_without_an_ami_reconnect(
    ami_server: AMIServer, node: Any
) -> None:
    async with _running_bridge(node.name) as bridge:
        await _until(lambda: _loaded(node.name), 10)
        rewrites = REGISTRY.get_sample_value("cc_live_store_rewrites_total", {"server": node.name}) or 0.0
        with redis.Redis.from_url(str(settings.REDIS_URL)) as client:
            client.flushdb()  # this test's own database index (REDIS_URL)
        assert read_snapshot(node.name)["agents"] == {}
        assert not is_connected(node.name)

        took = await _until(lambda: _loaded(node.name), 5)

        _report("FLUSHDB -> snapshot and connected back", took)
        assert len(ami_server.connections) == 1  # rewritten from memory: no AMI reconnect, no resync
        assert bridge.resyncs == 1
        after = REGISTRY.get_sample_value("cc_live_store_rewrites_total", {"server": node.name})
        assert after == rewrites + 1


async def test_frozen_ami_peer_is_dropped_and_the_bridge_reconnects_within_5s(
    ami_server: AMIServer, node: Any
) -> None:
    async with _running_bridge(node.name) as bridge:  # keep-alive from the settings: the defaults
        await asyncio.wait_for(ami_server.logins.get(), 10)
        await _until(lambda: _loaded(node.name), 10)
        loop = asyncio.get_running_loop()
        ami_server.freeze()
        frozen_at = loop.time()
        second = await asyncio.wait_for(ami_server.logins.get(), 6)
        took = loop.time() - frozen_at
        await _until(lambda: bridge.resyncs == 2, 5)

        _report("frozen AMI peer -> reconnected", took)
        assert took < 5.0
        assert second.number == 2
        action_ids = [m.action_id for conn in ami_server.connections for m in conn.actions]
        assert len(action_ids) == len(set(action_ids))  # nothing was sent twice
        assert bridge.client.pings_timed_out == 1  # the frozen peer read the Ping but never answered


async def test_periodic_resync_corrects_drift_and_counts_it(ami_server: AMIServer, node: Any) -> None:
    async with _running_bridge(node.name, resync_interval=0.5) as bridge:
        await _until(lambda: _loaded(node.name), 10)
        labels = {"server": node.name, "trigger": "periodic"}
        before = {
            kind: REGISTRY.get_sample_value("cc_live_resync_corrections_total", {**labels, "kind": kind})
            or 0.0
            for kind in ("member", "channel")
        }
        # Drift: the state lost a membership and keeps a channel that hung up without an event; the store
        # has the same lie.
        agent = bridge.state.agents["Local/1001@agents/n"]
        del agent.queues["support"]
        bridge.state.channels["PJSIP/ghost-00000001"] = next(iter(bridge.state.channels.values()))
        bridge.state._dirty_agents[agent.interface] = None
        bridge._flush()
        await bridge.drain()
        assert "support" not in read_snapshot(node.name)["agents"]["Local/1001@agents/n"]["queues"]
        resyncs = bridge.resyncs

        await _until(lambda: bridge.resyncs > resyncs, 5)
        await bridge.drain()

        assert "support" in read_snapshot(node.name)["agents"]["Local/1001@agents/n"]["queues"]
        assert "PJSIP/ghost-00000001" not in bridge.state.channels
        for kind in ("member", "channel"):
            counted = REGISTRY.get_sample_value("cc_live_resync_corrections_total", {**labels, "kind": kind})
            assert counted == before[kind] + 1
            last = REGISTRY.get_sample_value("cc_live_resync_last_corrections", {**labels, "kind": kind})
            assert last == 1.0
        assert len(ami_server.connections) == 1


async def test_a_periodic_resync_and_a_reload_at_once_make_one_resync(
    ami_server: AMIServer, node: Any
) -> None:
    async with _running_bridge(node.name, resync_interval=0) as bridge:
        await _until(lambda: _loaded(node.name), 10)
        resyncs = bridge.resyncs
        bridge.request_resync("periodic", trigger="periodic")
        bridge.request_resync("reload app_queue.so")
        await bridge.resync_settled()
        assert bridge.resyncs == resyncs + 1
        statuses = [m for m in ami_server.connections[0].actions if m["Action"] == "QueueStatus"]
        assert len(statuses) == 2  # the login's and the coalesced one


# -- the bridge as a process: SIGKILL and SIGSTOP ----------------------------------------------------------


@pytest.fixture
def bridge_process(node: Any) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    processes: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        processes.append(start_bridge(node.name))
        return processes[-1]

    yield start
    for process in processes:
        end_bridge(process)


def _dialer_may_dial(name: str) -> bool:
    return BridgeLinkTransport(_AlwaysUp(), name).connected


class _AlwaysUp:
    """A dialer transport whose own link is always up: only the bridge's heartbeat decides."""

    connected = True

    def originate(self, request: OriginateRequest) -> None:
        raise AssertionError("not used")


async def test_sigkilled_bridge_reads_disconnected_within_5s(
    ami_server: AMIServer, node: Any, bridge_process: Callable[[], subprocess.Popen[bytes]]
) -> None:
    process = bridge_process()
    await _until(lambda: _loaded(node.name), 30)
    assert await asyncio.to_thread(_dialer_may_dial, node.name)

    os.kill(process.pid, signal.SIGKILL)
    took = await _until(lambda: not read_snapshot(node.name)["connected"], 5)

    _report("bridge SIGKILL -> connected false", took)
    assert not await asyncio.to_thread(_dialer_may_dial, node.name)


async def test_stopped_bridge_reads_disconnected_within_5s_and_connected_when_resumed(
    ami_server: AMIServer, node: Any, bridge_process: Callable[[], subprocess.Popen[bytes]]
) -> None:
    process = bridge_process()
    await _until(lambda: _loaded(node.name), 30)

    os.kill(process.pid, signal.SIGSTOP)
    took = await _until(lambda: not is_connected(node.name), 5)
    _report("bridge SIGSTOP -> connected false", took)

    os.kill(process.pid, signal.SIGCONT)
    back = await _until(lambda: is_connected(node.name), 5)
    _report("bridge SIGCONT -> connected true", back)
