"""A board learns that a node is lost when its bridge dies or hangs: the bridge says nothing then, so the
web process notices the heartbeat expire (``LiveHub``) and sends the board a ``servers`` delta."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.db import connections

from callcenter.accounts.models import User
from callcenter.live.store import get_store, is_connected
from tests.factories import AsteriskServerFactory
from tests.harness.ami import AMIServer
from tests.live.bridgeprocess import end_bridge, start_bridge
from tests.wallboard.boards import frame_where, open_board
from tests.wallboard.conftest import LiveStore, state_until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(60),
    pytest.mark.usefixtures("close_db_threads"),
]


def _says_connected(server: str, connected: bool) -> Any:
    return lambda frame: (frame.get("servers") or {}).get(server, {}).get("connected") is connected


async def test_board_hears_of_a_heartbeat_that_expired(
    admin_user: User, live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    """What a dead bridge leaves behind (a last heartbeat, nothing more) turns into a servers delta."""
    await sync_to_async(live_store.write)(
        "node1", state_until(asterisk_fixtures, "s04_pause_dynamic", "node1")
    )
    await sync_to_async(live_store.set_connected)("node1", True, 1000)
    board = await open_board(admin_user)
    snapshot = await frame_where(board, lambda f: f["type"] == "snapshot", 10)
    assert snapshot["servers"]["node1"]["connected"] is True
    loop = asyncio.get_running_loop()
    started = loop.time()

    frame = await frame_where(board, _says_connected("node1", False), 5)

    assert frame["type"] == "delta"
    assert loop.time() - started < 5.0
    await board.disconnect()


@pytest.fixture
async def node(ami_server: AMIServer, live_store: LiveStore) -> AsyncIterator[Any]:
    server = await sync_to_async(AsteriskServerFactory)(
        ami_port=ami_server.port, ami_secret=ami_server.secret
    )
    yield server
    await get_store().delete(str(server.name))
    await sync_to_async(connections.close_all)()


async def _connected(name: str, limit: float) -> None:
    async with asyncio.timeout(limit):
        while not await asyncio.to_thread(is_connected, name):
            await asyncio.sleep(0.05)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGSTOP], ids=["kill-9", "sigstop"])
async def test_board_says_node_lost_within_5s_of_the_bridge_dying_or_hanging(
    admin_user: User, ami_server: AMIServer, node: Any, sig: signal.Signals
) -> None:
    process = start_bridge(node.name)
    try:
        await _connected(node.name, 30)
        board = await open_board(admin_user)
        snapshot = await frame_where(board, lambda f: f["type"] == "snapshot", 10)
        assert snapshot["servers"][node.name]["connected"] is True
        loop = asyncio.get_running_loop()

        os.kill(process.pid, sig)
        signalled = loop.time()
        frame = await frame_where(board, _says_connected(node.name, False), 5)
        took = loop.time() - signalled

        print(f"\nmeasured board after {sig.name}: {took:.2f} s", file=sys.stderr)  # for docs/reliability.md
        assert frame["type"] == "delta"
        assert took < 5.0
        await board.disconnect()
    finally:
        await asyncio.to_thread(end_bridge, process)
