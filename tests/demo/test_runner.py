"""The demo's services bring the center alive: simulator, bridge and the in-process scheduler."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest
from asgiref.sync import sync_to_async

from callcenter.demo.actions import seed_demo_center
from callcenter.demo.node import prepare_demo_node
from callcenter.demo.runner import (
    bridge_service,
    demo_services,
    scheduler_service,
    simulator_service,
)
from callcenter.live.messages import CallView, StoredSnapshot
from callcenter.live.store import read_snapshot

T = TypeVar("T")


async def _eventually(
    check: Callable[[], Awaitable[T | None]], timeout: float = 30.0, interval: float = 0.2
) -> T:
    """Poll an async condition until it holds or the bound passes."""
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met within the bound")
        await asyncio.sleep(interval)


@pytest.mark.django_db(transaction=True)
async def test_demo_center_comes_alive(tmp_path: Path, unused_tcp_port: int) -> None:
    await sync_to_async(seed_demo_center)(ami_port=unused_tcp_port, node_dir=tmp_path / "node")
    node = await sync_to_async(prepare_demo_node)()
    # The demo's members are dynamic: none in queues.conf; the shift starts with all 16 logged in.
    assert "member => " not in (node.config_dir / "queues.conf").read_text()
    assert len(node.logins) == 16

    stop = asyncio.Event()
    starters = [
        simulator_service(node),
        bridge_service,
        scheduler_service(skip_prefixes=("callcenter.dialer.",)),
    ]
    async with demo_services(stop, starters):

        async def agents_known() -> StoredSnapshot | None:
            snapshot = await sync_to_async(read_snapshot)("demo")
            return snapshot if snapshot.get("connected") and len(snapshot.get("agents", {})) == 10 else None

        snapshot = await _eventually(agents_known)
        assert set(snapshot["queues"]) == {"support", "sales", "vip"}
        memberships = [m for agent in snapshot["agents"].values() for m in agent["queues"].values()]
        assert len(memberships) == 16 and {m["membership"] for m in memberships} == {"dynamic"}

        async def a_call_seen() -> dict[str, CallView] | list[CallView]:
            snapshot = await sync_to_async(read_snapshot)("demo")
            return snapshot["calls"] or snapshot.get("recent_calls")

        await _eventually(a_call_seen)
    written = node.queue_log.read_text()
    assert "ENTERQUEUE" in written
    assert written.count("|ADDMEMBER|") == 16  # the log-ins: payroll's sessions
