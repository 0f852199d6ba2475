"""Frames built once per viewer scope: boards of one scope share the text, other scopes never see it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, cast

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from callcenter.accounts.models import User
from callcenter.live.messages import DeltaFrame
from callcenter.wallboard.feed import Frame, dumps, merge_frames
from callcenter.wallboard.hub import LiveHub
from tests.wallboard.boards import live_delta, open_board, status_state
from tests.wallboard.communicator import WebsocketCommunicator
from tests.wallboard.conftest import LiveStore

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(60),
    pytest.mark.usefixtures("close_db_threads"),
]


async def _text(communicator: WebsocketCommunicator, kind: str, limit: float = 10.0) -> str:
    """The text of the first frame of ``kind`` (a delta: one with agents) within ``limit`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while True:
        text: str = await communicator.receive_from(timeout=max(deadline - loop.time(), 0.01))
        frame = json.loads(text)
        if frame["type"] == kind and (kind == "snapshot" or "agents" in frame):
            return text


async def test_boards_of_one_scope_share_the_frame_and_another_scope_never_sees_it(
    center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    state = status_state(asterisk_fixtures)
    await sync_to_async(live_store.write)("node1", state)
    sam, sam_again, tina = [await open_board(center[name]) for name in ("sam", "sam", "tina")]
    for board in (sam, sam_again, tina):
        await _text(board, "snapshot")
    assert len(LiveHub.current().feeds) == 2  # Sam's two boards have one feed, Tina's another

    north = {**state.agents["Local/1002@agents/n"].to_dict(), "state": "paused", "pause_reason": "lunch"}
    south = {**state.agents["Local/1201@agents/n"].to_dict(), "state": "paused", "pause_reason": "coffee"}
    await get_channel_layer().group_send(
        "live.all", live_delta(2, agents={"Local/1002@agents/n": north, "Local/1201@agents/n": south})
    )
    sam_text, again_text, tina_text = [await _text(board, "delta") for board in (sam, sam_again, tina)]
    assert sam_text == again_text  # one text for the scope, server_time included
    assert set(json.loads(sam_text)["agents"]) == {"Local/1002@agents/n"}
    assert "Local/1201@agents/n" not in sam_text and "coffee" not in sam_text
    assert set(json.loads(tina_text)["agents"]) == {"Local/1201@agents/n"}
    assert "Local/1002@agents/n" not in tina_text and "lunch" not in tina_text
    for board in (sam, sam_again, tina):
        await board.disconnect()
    assert LiveHub.current().feeds == {}


async def test_a_board_opened_soon_after_another_gets_its_snapshot_and_the_frames_since(
    admin_user: User, center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    state = status_state(asterisk_fixtures)
    await sync_to_async(live_store.write)("node1", state)
    first = await open_board(admin_user)
    await _text(first, "snapshot")
    # A change the store does not have (published only): a board that read the store now would miss it;
    # one that reuses the first board's snapshot gets it with the frames sent since.
    changed = {**state.agents["Local/1001@agents/n"].to_dict(), "answered_today": 99}
    await get_channel_layer().group_send("live.all", live_delta(2, agents={"Local/1001@agents/n": changed}))
    await _text(first, "delta")
    second = await open_board(admin_user)
    snapshot = json.loads(await _text(second, "snapshot"))
    assert snapshot["agents"]["Local/1001@agents/n"]["answered_today"] != 99
    delta = json.loads(await _text(second, "delta"))
    assert delta["agents"]["Local/1001@agents/n"]["answered_today"] == 99
    await first.disconnect()
    await second.disconnect()


def _frame(numbers: dict[tuple[str, str], int], body: dict[str, Any]) -> Frame:
    return Frame(dumps(cast(DeltaFrame, body)), body, numbers, min(numbers.values()), max(numbers.values()))


def test_frames_waiting_for_a_slow_board_merge_into_one_with_the_latest_values() -> None:
    older = _frame(
        {("agents", "a"): 3, ("agents", "b"): 4, ("servers", "node1"): 4},
        {
            "type": "delta",
            "agents": {"a": {"v": 1}, "b": {"v": 1}},
            "servers": {"node1": {"connected": False}},
        },
    )
    newer = _frame(
        {("agents", "a"): 6, ("servers", "node1"): 7},
        {"type": "delta", "agents": {"a": {"v": 2}}, "servers": {"node1": {"trunks_down": ["t"]}}},
    )
    known = {"node1": True}
    text, count = merge_frames([older, newer], 3, known)
    assert text is not None
    merged = json.loads(text)
    assert merged["agents"] == {"a": {"v": 2}, "b": {"v": 1}}
    assert merged["servers"] == {"node1": {"connected": False, "trunks_down": ["t"]}}
    assert (count, known) == (3, {"node1": False})
    # Everything the board's snapshot already includes (up to message 7) leaves nothing to send.
    assert merge_frames([older, newer], 7, known) == (None, 0)
    # A link state the board shows already is left out.
    alone = json.loads(older.text_after(0, {"node1": False}) or "{}")
    assert "servers" not in alone
    assert alone["agents"] == {"a": {"v": 1}, "b": {"v": 1}}
