"""The per-process hub: one subscription for every board, and one store read shared by boards that ask at once."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from channels.layers import get_channel_layer

from callcenter.live.messages import HubMessage
from callcenter.wallboard.hub import LiveHub
from tests.wallboard.conftest import LiveStore, state_until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(30),
    pytest.mark.usefixtures("close_db_threads"),
]


class _Board:
    def __init__(self) -> None:
        self.messages: asyncio.Queue[Mapping[str, Any]] = asyncio.Queue()

    def on_live_message(self, message: HubMessage) -> None:
        self.messages.put_nowait(message)


async def test_one_subscription_reaches_every_board_in_order() -> None:
    hub = LiveHub.current()
    boards = [_Board(), _Board()]
    for board in boards:
        await hub.add(board)
    try:
        for seq in (1, 2):
            await get_channel_layer().group_send(
                "live.all", {"type": "live.resync", "server": "n", "seq": seq}
            )
        for board in boards:
            first = await asyncio.wait_for(board.messages.get(), 5)
            second = await asyncio.wait_for(board.messages.get(), 5)
            assert (first["seq"], second["seq"]) == (1, 2)
        assert hub.received == 2
    finally:
        for board in boards:
            await hub.remove(board)
    assert hub.task is None  # the last board gone, the subscription goes too


async def test_boards_asking_at_once_share_one_read(live_store: LiveStore, asterisk_fixtures: Path) -> None:
    from asgiref.sync import sync_to_async

    await sync_to_async(live_store.write)(
        "node1", state_until(asterisk_fixtures, "s04_pause_dynamic", "node1")
    )
    hub = LiveHub.current()
    first, second = await asyncio.gather(hub.read(), hub.read())
    assert first is second
    assert set(first.snapshots) == {"node1"}
    assert "Local/1001@agents/n" in first.snapshots["node1"]["agents"]


async def test_a_board_that_joined_later_gets_its_own_read(live_store: LiveStore) -> None:
    hub = LiveHub.current()
    board = _Board()
    joined = await hub.add(board)
    try:
        first = hub.read()  # under way
        hub.received += 1  # a message went out to the boards there were, then the next one joined
        later = await hub.read(not_before=hub.received)
        assert later is not await first
        assert (await first).includes_up_to == joined
        assert later.includes_up_to == joined + 1
    finally:
        await hub.remove(board)
