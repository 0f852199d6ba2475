"""A feed's frames: each one's text built once, the items newer than a board's snapshot merged into
one frame, and what a board and a feed's rates are."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, cast

from callcenter.live.messages import (
    DeltaFrame,
    SnapshotFrame,
)

# (part of the frame, key in it): a collection ("agents", ...), "spies", "channels" or "servers".
ItemKey = tuple[str, str]


def dumps(frame: SnapshotFrame | DeltaFrame) -> str:
    return json.dumps(frame, separators=(",", ":"))


@dataclass(frozen=True)
class Timing:
    """The rates of a feed (the consumer class's ``ITEM_INTERVAL_S``, ``FRAME_INTERVAL_S``, ``MAX_PENDING``)."""

    item_interval: float
    frame_interval: float
    max_pending: int


@dataclass(frozen=True)
class Frame:
    """One delta frame of a scope: its text, and each item with the number of the hub message it came in
    (a board whose snapshot already includes some of them gets the rest only, ``text_after``)."""

    text: str
    body: dict[str, Any]  # the DeltaFrame, for merging
    numbers: dict[ItemKey, int]
    oldest: int
    newest: int

    def text_after(self, includes_up_to: int, known_status: dict[str, bool]) -> str | None:
        """The text for a board whose snapshot includes message ``includes_up_to`` and that shows each
        node's link as ``known_status`` (kept up to date here)."""
        if includes_up_to < self.oldest and "servers" not in self.body:
            return self.text
        if includes_up_to >= self.newest:
            return None
        return merge_frames([self], includes_up_to, known_status)[0]


def merge_frames(
    frames: Iterable[Frame], includes_up_to: int, known_status: dict[str, bool]
) -> tuple[str | None, int]:
    """The items of ``frames`` newer than ``includes_up_to`` as one frame (later values win; a node's
    changes are merged, a link state the board shows already is left out): its text (None: nothing
    left) and the number of items in it."""
    body: dict[str, Any] = {"type": "delta", "server_time": time.time()}
    count = 0
    servers: dict[str, dict[str, Any]] = {}
    for frame in frames:
        for (part, key), number in frame.numbers.items():
            if number <= includes_up_to:
                continue
            value = frame.body[part][key]
            if part == "servers":
                servers[key] = {**servers.get(key, {}), **value}
                continue
            target = body.setdefault(part, {})
            count += key not in target
            target[key] = value
    for server, merged in servers.items():
        change = dict(merged)
        if "connected" in change:
            if known_status.get(server) == change["connected"]:
                del change["connected"]  # the board shows it already
            else:
                known_status[server] = change["connected"]
        if change:
            body.setdefault("servers", {})[server] = change
            count += 1
    return (dumps(cast(DeltaFrame, body)) if count else None), count


class Board(Protocol):
    """A wallboard connection as the feed sees it."""

    def push(self, frame: Frame) -> None: ...

    def request_snapshot(self, after: int) -> None: ...
