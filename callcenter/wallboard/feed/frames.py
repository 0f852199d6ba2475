"""A feed's frames: each one's text built once, the items newer than a board's snapshot merged into
one frame, and what a board and a feed's rates are."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, cast

from callcenter.live.messages import (
    BoardItem,
    ChannelsView,
    DeltaFrame,
    ServerFrame,
    SnapshotFrame,
    SpyView,
)

# (part of the frame, key in it): a collection ("agents", ...), "spies", "channels" or "servers".
ItemKey = tuple[str, str]
# One value of a delta frame's part: an item (None: removed), a node's channels or its tile's changes.
PartValue = BoardItem | SpyView | ChannelsView | ServerFrame | None
# A delta frame's parts by name ("agents", ..., "spies", "channels", "servers"), in the frame's order.
FrameParts = dict[str, dict[str, PartValue]]


def dumps(frame: SnapshotFrame | DeltaFrame) -> str:
    return json.dumps(frame, separators=(",", ":"))


def delta_text(parts: FrameParts) -> str:
    """The text of the delta frame made of ``parts`` (each one of ``DeltaFrame``'s optional keys)."""
    return dumps(cast(DeltaFrame, {"type": "delta", "server_time": time.time(), **parts}))


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
    parts: FrameParts  # the DeltaFrame's parts, for merging
    numbers: dict[ItemKey, int]
    oldest: int
    newest: int

    def text_after(self, includes_up_to: int, known_status: dict[str, bool]) -> str | None:
        """The text for a board whose snapshot includes message ``includes_up_to`` and that shows each
        node's link as ``known_status`` (kept up to date here)."""
        if includes_up_to < self.oldest and "servers" not in self.parts:
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
    parts: FrameParts = {}
    count = 0
    servers: dict[str, ServerFrame] = {}
    for frame in frames:
        for (part, key), number in frame.numbers.items():
            if number <= includes_up_to:
                continue
            value = frame.parts[part][key]
            if part == "servers":
                servers[key] = {**servers.get(key, {}), **cast(ServerFrame, value)}
                continue
            target = parts.setdefault(part, {})
            count += key not in target
            target[key] = value
    for server, merged in servers.items():
        change = merged.copy()
        if "connected" in change:
            if known_status.get(server) == change["connected"]:
                del change["connected"]  # the board shows it already
            else:
                known_status[server] = change["connected"]
        if change:
            parts.setdefault("servers", {})[server] = change
            count += 1
    return (delta_text(parts) if count else None), count


class Board(Protocol):
    """A wallboard connection as the feed sees it."""

    def push(self, frame: Frame) -> None: ...

    def request_snapshot(self, after: int) -> None: ...
