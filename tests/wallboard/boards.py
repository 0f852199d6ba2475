"""Wallboards opened over the WebSocket in a test, and the channel-layer messages the bridge sends them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from callcenter.live.state import LiveState
from callcenter.wallboard.consumers import WallboardConsumer
from tests.wallboard.communicator import WebsocketCommunicator
from tests.wallboard.conftest import RECORDED_NOW, event_named, state_until


async def open_board(
    user: Any, consumer: type[WallboardConsumer] = WallboardConsumer
) -> WebsocketCommunicator:
    """The board's WebSocket, accepted for ``user``."""
    communicator = WebsocketCommunicator(consumer.as_asgi(), "/ws/wallboard/")
    communicator.scope["user"] = user
    connected, _ = await communicator.connect(timeout=10)
    assert connected
    return communicator


async def frame_where(
    communicator: WebsocketCommunicator,
    predicate: Callable[[dict[str, Any]], bool] = lambda frame: True,
    limit: float = 10.0,
) -> dict[str, Any]:
    """The first frame that satisfies ``predicate`` (frames before it are skipped), within ``limit`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while True:
        frame: dict[str, Any] = await communicator.receive_json_from(
            timeout=max(deadline - loop.time(), 0.01)
        )
        if predicate(frame):
            return frame


def live_delta(seq: int, **changed: Any) -> dict[str, Any]:
    """A live.delta of node1 as the bridge publishes it on live.all; the parts not named are empty."""
    return {
        "type": "live.delta",
        "server": "node1",
        "seq": seq,
        "calls": {},
        "queues": {},
        "agents": {},
        **changed,
    }


def status_state(fixtures: Path) -> LiveState:
    """s05 at the end of its first QueueStatus: two support agents in calls, a caller waiting, sales idle."""
    return state_until(fixtures, "s05_status_snapshot", "node1", event_named("QueueStatusComplete"))


def endpoint_view(
    name: str,
    kind: str,
    status: str,
    alarm: str | None,
    *,
    agent: str | None = None,
    contacts: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A trunk or phone as the bridge publishes it, in that state since the recordings' time, without an
    outbound registration."""
    return {
        "name": name,
        "kind": kind,
        "agent": agent,
        "status": status,
        "since": RECORDED_NOW,
        "roundtrip_ms": None,
        "contacts": contacts or [],
        "registration": None,
        "alarm": alarm,
    }
