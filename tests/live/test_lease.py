"""Two bridges for one node (``callcenter.live.lease``): exactly one holds the AMI session; after a
``kill -9`` of the holder the other takes the session over within 10 s and the live state is the node's
again; a holder whose lease is gone drops its AMI session and writes nothing more.

Real Redis (the test's own database index), a real local AMI server answering with the recorded s05 lists,
``manage.py ami_bridge`` as child processes where a process is killed."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connections
from prometheus_client import REGISTRY
from pytest_django import Settings

from callcenter.core.lease import lease_key
from callcenter.live.bridge import run_bridge
from callcenter.live.lease import Fence, Fenced, FencedStore, fenced_layer
from callcenter.live.store import get_store, read_snapshot
from tests.factories import AsteriskServerFactory
from tests.harness.ami import AMIServer
from tests.harness.waiting import until
from tests.live.bridgeprocess import end_bridge, start_bridge
from tests.live.inprocess import bridge_running
from tests.live.recorded_node import s05_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(90)]


@pytest.fixture
async def ami_server(asterisk_fixtures: Path) -> AsyncIterator[AMIServer]:
    server = await s05_server(asterisk_fixtures)
    yield server
    await server.stop()


@pytest.fixture
def client() -> Iterator[redis.Redis[str]]:
    assert settings.REDIS_URL, "these tests need REDIS_URL"
    made = redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)
    yield made
    made.close()


@pytest.fixture
async def node(ami_server: AMIServer, client: redis.Redis[str]) -> AsyncIterator[Any]:
    server = await sync_to_async(AsteriskServerFactory)(
        ami_port=ami_server.port, ami_secret=ami_server.secret
    )
    yield server
    await get_store().delete(str(server.name))
    client.delete(lease_key(f"ami:{server.name}"))
    await sync_to_async(connections.close_all)()


def open_sessions(server: AMIServer) -> list[int]:
    """The numbers of the logged-in AMI connections still open on the node."""
    return [c.number for c in server.connections if c.logged_in and not c.writer.is_closing()]


def loaded(name: str) -> bool:
    snapshot = read_snapshot(name)
    return snapshot["connected"] and len(snapshot["agents"]) == 12 and snapshot["channels"]["total"] == 10


def holder_pid(client: redis.Redis[str], name: str) -> int | None:
    token = client.get(lease_key(f"ami:{name}"))
    return int(token.split(":")[1]) if token else None


async def test_of_two_bridge_processes_one_holds_the_session_and_the_other_takes_over_after_kill_9(
    ami_server: AMIServer, node: Any, client: redis.Redis[str], tmp_path: Path
) -> None:
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    processes = [start_bridge(node.name, log) for log in logs]
    try:
        await until(lambda: loaded(node.name), 40)
        await until(lambda: any("event=live_lease_standby" in log.read_text() for log in logs), 40)
        assert len(open_sessions(ami_server)) == 1
        pid = holder_pid(client, node.name)
        holder, standby = sorted(processes, key=lambda process: process.pid != pid)
        assert holder.pid == pid
        marker = client.get(f"cc:live:{node.name}:marker")
        first_session = open_sessions(ami_server)[0]

        loop = asyncio.get_running_loop()
        os.kill(holder.pid, signal.SIGKILL)
        killed = loop.time()
        await until(
            lambda: [n for n in open_sessions(ami_server) if n > first_session] != [], 10, in_thread=False
        )
        session_after = loop.time() - killed
        await until(lambda: client.get(f"cc:live:{node.name}:marker") not in (None, marker), 10)
        await until(lambda: loaded(node.name), 10)
        state_after = loop.time() - killed

        print(
            f"\nmeasured bridge takeover after kill -9: AMI session {session_after:.2f} s, "
            f"live state {state_after:.2f} s",
            file=sys.stderr,
        )  # for docs/ha.md
        assert holder_pid(client, node.name) == standby.pid
        assert len(open_sessions(ami_server)) == 1
        assert state_after < 10.0
    finally:
        for process in processes:
            await asyncio.to_thread(end_bridge, process)


async def test_a_holder_whose_lease_is_taken_drops_its_ami_session_at_the_next_renewal(
    ami_server: AMIServer, node: Any, client: redis.Redis[str], settings: Settings
) -> None:
    settings.LEASE_TTL_MS, settings.LEASE_RENEW_MS = 1000, 200
    async with bridge_running([node.name], backoff_initial=0.01, backoff_max=0.05):
        await until(lambda: loaded(node.name), 15)
        assert REGISTRY.get_sample_value("cc_live_lease_held", {"server": node.name}) == 1.0
        session = ami_server.connections[-1]
        key = lease_key(f"ami:{node.name}")

        client.set(key, "elsewhere:1:stale", xx=True, px=10_000)  # as if it had expired and been taken
        took = await until(lambda: session.writer.is_closing(), 2, in_thread=False)

        print(f"\nmeasured fencing after the lease was taken: {took:.2f} s", file=sys.stderr)
        assert client.get(key) == "elsewhere:1:stale"  # never extended nor deleted by the old holder
        # The gauge drops once the term has wound down, just after its AMI session closed.
        await until(
            lambda: REGISTRY.get_sample_value("cc_live_lease_held", {"server": node.name}) == 0.0,
            2,
            in_thread=False,
        )
        assert open_sessions(ami_server) == []


async def test_two_bridges_split_the_nodes_and_a_clean_stop_hands_a_node_over_at_once(
    ami_server: AMIServer, node: Any, client: redis.Redis[str], settings: Settings, asterisk_fixtures: Path
) -> None:
    settings.LEASE_TTL_MS, settings.LEASE_RENEW_MS = 3000, 200
    other_server = await s05_server(asterisk_fixtures)
    other = await sync_to_async(AsteriskServerFactory)(
        ami_port=other_server.port, ami_secret=other_server.secret
    )
    fast: dict[str, Any] = {"backoff_initial": 0.01, "backoff_max": 0.05}
    first_stop, second_stop = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(run_bridge(first_stop, [node.name], **fast))
    second: asyncio.Task[None] | None = None
    try:
        await until(lambda: loaded(node.name), 15)
        second = asyncio.create_task(run_bridge(second_stop, [node.name, other.name], **fast))
        await until(lambda: loaded(other.name), 15)
        assert (len(open_sessions(ami_server)), len(open_sessions(other_server))) == (1, 1)
        first_session = open_sessions(ami_server)[0]

        first_stop.set()  # a clean stop releases the lease: no waiting for its TTL
        await asyncio.wait_for(first, 10)
        took = await until(
            lambda: [n for n in open_sessions(ami_server) if n > first_session] != [], 2, in_thread=False
        )

        assert took < 1.0
        assert (len(open_sessions(ami_server)), len(open_sessions(other_server))) == (1, 1)
        await until(lambda: loaded(node.name), 5)
    finally:
        first_stop.set()
        second_stop.set()
        await asyncio.gather(first, *([second] if second is not None else []), return_exceptions=True)
        await get_store().delete(str(other.name))
        client.delete(lease_key(f"ami:{other.name}"))
        await other_server.stop()


async def test_a_closed_fence_refuses_store_writes_and_drops_channel_messages(
    client: redis.Redis[str],
) -> None:
    fence = Fence("fence-test")
    fence.valid_until = float("inf")
    assert settings.REDIS_URL
    store = FencedStore(settings.REDIS_URL, fence)
    layer = get_channel_layer()
    assert layer is not None
    fenced = fenced_layer(layer, fence)
    channel = await layer.new_channel()
    await layer.group_add("lease-fence-test", channel)
    try:
        await store.set_connected("fence-test", True, 5000)
        await fenced.group_send("lease-fence-test", {"type": "probe", "n": 1})
        assert (await asyncio.wait_for(layer.receive(channel), 5))["n"] == 1

        fence.close()
        with pytest.raises(Fenced):
            await store.set_connected("fence-test", False)
        await fenced.group_send("lease-fence-test", {"type": "probe", "n": 2})
        await layer.group_send("lease-fence-test", {"type": "probe", "n": 3})

        assert (await asyncio.wait_for(layer.receive(channel), 5))["n"] == 3  # 2 never went out
        assert client.exists("cc:live:fence-test:heartbeat")  # the refused write changed nothing
    finally:
        await layer.group_discard("lease-fence-test", channel)
        client.delete("cc:live:fence-test:heartbeat")
        client.srem("cc:live:servers", "fence-test")
        await store.close()
