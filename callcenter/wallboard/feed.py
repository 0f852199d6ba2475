"""Frames built once per viewer scope and shared by every board of that scope in a web process.

Viewers with the same scope (``board.scope_key``: every admin, every manager, supervisors of the same
teams) see the same board, so one ``ScopeFeed`` per scope does the work that used to be done per board:
it follows the hub's messages, keeps the pending change of each agent, queue, call and endpoint, builds
each frame's per-viewer items (``board.view``) and its JSON text once, and hands the same ``Frame`` to
each of its boards. A viewer never gets an item their scope does not show: the feed filters with its
own scope, and a removal goes out only for a key the scope has shown.

Rates, as before per board: each item at most once per ``item_interval`` (latest state wins), at most
one frame per ``frame_interval``; more than ``max_pending`` distinct changes pending at once, and every
board of the feed gets a fresh snapshot instead.

Opening a board is cheap: the feed keeps the snapshot text of its last store read and the frames sent
lately; a board that opens within ``SNAPSHOT_REUSE_S`` of that snapshot gets that text and then the
frames with changes newer than its read, merged (``merge_frames``), instead of a read of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from channels.db import database_sync_to_async

from callcenter.wallboard import board, endpoints
from callcenter.wallboard.hub import LiveHub, LiveRead

logger = logging.getLogger(__name__)

SNAPSHOT_REUSE_S = 3.0
# How long the frames sent are kept for boards that reuse a snapshot (longer than a store read takes).
HISTORY_S = 30.0
# A board that opens later than this after its feed's scope was computed computes it again (new agents,
# changed teams); the feed's other boards follow the fresher scope.
SCOPE_REFRESH_S = 60.0
# (part of the frame, key in it): a collection ("agents", ...), "spies", "channels" or "servers".
ItemKey = tuple[str, str]


def dumps(frame: dict[str, Any]) -> str:
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
    body: dict[str, Any]
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
    return (dumps(body) if count else None), count


class Board(Protocol):
    """A wallboard connection as the feed sees it."""

    def push(self, frame: Frame) -> None: ...

    def request_snapshot(self, after: int) -> None: ...


@dataclass
class _Snapshot:
    read: LiveRead
    text: str
    status: dict[str, bool]  # each node's link as the snapshot shows it
    at: float


class ScopeFeed:
    """The shared frames of one scope (see the module docstring). ``received`` is the hub's counter."""

    def __init__(
        self, key: Hashable, scope: board.Scope, timing: Timing, received: Callable[[], int]
    ) -> None:
        self.key = key
        self.scope = scope
        self.scope_at = time.monotonic()
        self.timing = timing
        self._received = received  # () -> the number of the last hub message handed out
        self.boards: set[Board] = set()
        self.ready = asyncio.Event()  # set once the hub hands this feed its messages
        self.pending: dict[ItemKey, tuple[str, str, dict[str, Any] | None, int]] = {}
        self.pending_channels: dict[str, tuple[int, dict[str, Any]]] = {}
        self.pending_servers: dict[str, tuple[int, dict[str, Any]]] = {}
        self.last_seq: dict[str, int] = {}
        self.known_status: dict[str, bool] = {}
        self.trunks_down: dict[str, set[str]] = {}
        self.shown: dict[str, set[str]] = {name: set() for name in (*board.COLLECTIONS, "spies")}
        self.last_sent: dict[ItemKey, float] = {}
        self.last_flush = 0.0
        self.wake = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self._snapshot: _Snapshot | None = None
        # The frames sent lately (with when), for boards that reuse a snapshot read before they joined;
        # a snapshot whose read is older than ``history_floor`` may miss some of them and is not reused.
        self.history: deque[tuple[float, Frame]] = deque()
        self.history_floor = 0
        self.frames_built = 0

    # -- life --------------------------------------------------------------------------------------------
    def start(self) -> None:
        self.task = asyncio.create_task(self.run())

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None

    def set_scope(self, scope: board.Scope) -> None:
        """A fresher scope (the configuration may have changed): items it no longer shows get removed."""
        self.scope = scope
        self.scope_at = time.monotonic()
        self._forget_snapshots()

    # -- messages from the hub ---------------------------------------------------------------------------
    def on_live_message(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        server = str(message.get("server") or "")
        seq = message.get("seq")
        if kind in ("live.delta", "live.resync", "live.status") and isinstance(seq, int):
            # live.all carries every message of a node, numbered: a gap means some were lost.
            last = self.last_seq.get(server)
            if last is not None and seq > last + 1:
                self.snapshot_all()
            self.last_seq[server] = seq
        if kind == "live.delta":
            self.live_delta(server, message)
        elif kind == "live.resync":
            self.snapshot_all()
        elif kind in ("live.status", "live.link"):
            # live.status: the bridge's AMI link went up or down; live.link: the hub saw its heartbeat
            # appear or expire (a bridge that died or hangs says nothing itself).
            self.server_change(server, {"connected": bool(message.get("connected"))})
        elif kind == "wallboard.spy":
            self.wallboard_spy(message)

    def snapshot_all(self) -> None:
        """Every board re-reads the store (nothing read before now is good any more)."""
        self._forget_snapshots()
        after = self._received()
        for viewer in list(self.boards):
            viewer.request_snapshot(after)

    def live_delta(self, server: str, message: dict[str, Any]) -> None:
        number = self._received()
        for collection in board.COLLECTIONS:
            for key, value in (message.get(collection) or {}).items():
                self.pending[(collection, board.frame_key(collection, server, str(key)))] = (
                    server,
                    key,
                    value,
                    number,
                )
        if "channels" in message:
            self.pending_channels[server] = (number, message["channels"] or {})
        for name, value in (message.get("endpoints") or {}).items():
            self.note_trunk(server, str(name), endpoints.is_trunk_alarm(value))
        self.wake.set()

    def note_trunk(self, server: str, trunk: str, down: bool) -> None:
        """Keep the node's ``trunks_down`` (the list the board's node tile shows) with the trunk's alarm."""
        current = self.trunks_down.setdefault(server, set())
        if down == (trunk in current):
            return
        if down:
            current.add(trunk)
        else:
            current.discard(trunk)
        self.server_change(server, {"trunks_down": sorted(current)})

    def server_change(self, server: str, change: dict[str, Any]) -> None:
        _number, before = self.pending_servers.get(server, (0, {}))
        self.pending_servers[server] = (self._received(), {**before, **change})
        self.wake.set()

    def wallboard_spy(self, message: dict[str, Any]) -> None:
        spy = message.get("spy") or {}
        if self.scope.everything or spy.get("interface") in self.scope.agents_by_interface:
            key = str(spy.get("id"))
            self.pending[("spies", key)] = (str(spy.get("server") or ""), key, spy, self._received())
            self.wake.set()

    # -- snapshots -----------------------------------------------------------------------------------------
    def _forget_snapshots(self) -> None:
        self._snapshot = None
        self.history_floor = self._received()

    def reusable_snapshot(self, fresh_from: int) -> tuple[_Snapshot, list[Frame]] | None:
        """The last snapshot text, if it is recent and includes message ``fresh_from``, with the frames
        sent since its read started."""
        cached = self._snapshot
        if cached is None or cached.read.includes_up_to < max(fresh_from, self.history_floor):
            return None
        if time.monotonic() - cached.at > SNAPSHOT_REUSE_S:
            return None
        after = cached.read.includes_up_to
        return cached, [frame for _at, frame in self.history if frame.newest > after]

    def snapshot_for(self, read: LiveRead) -> _Snapshot:
        """The snapshot frame of this scope for one store read (built once per read)."""
        cached = self._snapshot
        if cached is not None and cached.read is read:
            return cached
        visible_spies = [
            spy
            for spy in read.spies
            if self.scope.everything or spy["interface"] in self.scope.agents_by_interface
        ]
        frame = board.snapshot_frame(self.scope, read.snapshots, visible_spies)
        for collection, keys in self.shown.items():
            keys.update(frame[collection])
        for name, info in frame["servers"].items():
            self.known_status.setdefault(name, info["connected"])
            self.trunks_down.setdefault(name, set(info["trunks_down"]))
        status = {name: bool(info["connected"]) for name, info in frame["servers"].items()}
        built = _Snapshot(read, dumps(frame), status, time.monotonic())
        if cached is None or read.includes_up_to >= cached.read.includes_up_to:
            self._snapshot = built
        return built

    # -- frames ----------------------------------------------------------------------------------------------
    def delta_frame(self, now: float) -> tuple[Frame | None, float | None]:
        """The frame of what is due at ``now`` and when the next pending item falls due (None: nothing)."""
        body: dict[str, Any] = {"type": "delta", "server_time": time.time()}
        numbers: dict[ItemKey, int] = {}
        next_due: float | None = None
        pending, self.pending = self.pending, {}
        for entry_key, entry in pending.items():
            due = self.last_sent.get(entry_key, 0.0) + self.timing.item_interval
            if due > now:
                self.pending[entry_key] = entry
                next_due = due if next_due is None else min(next_due, due)
                continue
            collection, key = entry_key
            server, live_key, value, number = entry
            item = (
                value
                if collection == "spies"
                else board.view(self.scope, collection, server, live_key, value)
            )
            shown = self.shown[collection]
            if item is None:
                if key not in shown:
                    continue  # never shown to this scope: nothing to remove, and nothing to reveal
                shown.discard(key)
            else:
                shown.add(key)
            body.setdefault(collection, {})[key] = item
            numbers[entry_key] = number
            self.last_sent[entry_key] = now
        if self.pending_channels:
            body["channels"] = {}
            for server, (number, value) in self.pending_channels.items():
                body["channels"][server] = value
                numbers[("channels", server)] = number
            self.pending_channels = {}
        if self.pending_servers:
            for server, (number, value) in self.pending_servers.items():
                change = dict(value)
                if "connected" in change:
                    if self.known_status.get(server) == change["connected"]:
                        del change["connected"]  # the boards show it already
                    else:
                        self.known_status[server] = change["connected"]
                if change:
                    body.setdefault("servers", {})[server] = change
                    numbers[("servers", server)] = number
            self.pending_servers = {}
        if len(self.last_sent) > 4 * self.timing.max_pending:
            # Only the last interval matters; forget older sends so the map stays small all day.
            cutoff = now - self.timing.item_interval
            self.last_sent = {k: t for k, t in self.last_sent.items() if t > cutoff}
        if not numbers:
            return None, next_due
        values = numbers.values()
        frame = Frame(dumps(body), body, numbers, min(values), max(values))
        self.frames_built += 1
        return frame, next_due

    def keep(self, frame: Frame) -> None:
        """Note a frame sent, and forget those no reusable snapshot can need any more."""
        at = time.monotonic()
        self.history.append((at, frame))
        covered = self._snapshot.read.includes_up_to if self._snapshot is not None else -1
        while self.history and (self.history[0][1].newest <= covered or at - self.history[0][0] > HISTORY_S):
            _at, old = self.history.popleft()
            self.history_floor = max(self.history_floor, old.newest)

    def flush(self, now: float) -> float | None:
        """Build what is due and hand it to every board; returns when the next pending item falls due."""
        if len(self.pending) > self.timing.max_pending:
            # Too much at once: a fresh snapshot for everyone instead of a huge frame.
            self.pending, self.pending_channels, self.pending_servers = {}, {}, {}
            self.snapshot_all()
            return None
        if self._snapshot is not None and time.monotonic() - self._snapshot.at > SNAPSHOT_REUSE_S:
            self._snapshot = None  # no board may reuse it any more
        frame, next_due = self.delta_frame(now)
        if frame is not None:
            self.keep(frame)
            for viewer in list(self.boards):
                viewer.push(frame)
        return next_due

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        timeout: float | None = None
        while True:
            if timeout is None:
                await self.wake.wait()
            else:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), timeout)
            self.wake.clear()
            timeout = None
            # At most one frame per interval: what arrives meanwhile overwrites its pending entry.
            delay = self.last_flush + self.timing.frame_interval - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            self.wake.clear()
            now = self.last_flush = loop.time()
            try:
                next_due = self.flush(now)
            except Exception:
                # One bad item must not stop the boards: log it and start them over from a snapshot.
                logger.exception("wallboard frame not built")
                self.pending = {}
                self.snapshot_all()
                continue
            if next_due is not None:
                timeout = max(next_due - loop.time(), 0.0)


async def join(
    hub: LiveHub, viewer: Board, key: Hashable, build_scope: Callable[[], board.Scope], timing: Timing
) -> tuple[ScopeFeed, int]:
    """Add a board to the feed of its scope (made, and subscribed to the hub, on first use). Returns the
    feed and the number of the last hub message before the board joined (its snapshot must include it)."""
    feed = hub.feeds.get(key)
    if feed is None or time.monotonic() - feed.scope_at > SCOPE_REFRESH_S:
        asked = time.monotonic()
        scoping = hub.scoping.get(key)
        if scoping is None:
            scoping = asyncio.ensure_future(database_sync_to_async(build_scope)())
            hub.scoping[key] = scoping

            def forget(done: asyncio.Future[board.Scope]) -> None:
                if hub.scoping.get(key) is done:
                    del hub.scoping[key]

            scoping.add_done_callback(forget)
        scope = await asyncio.shield(scoping)
        feed = hub.feeds.get(key)
        if feed is None:
            feed = hub.feeds[key] = ScopeFeed(key, scope, timing, lambda: hub.received)
            feed.boards.add(viewer)
            try:
                await hub.add(feed)
            except BaseException:
                hub.feeds.pop(key, None)
                raise
            finally:
                feed.ready.set()
            feed.start()
        elif feed.scope_at < asked:
            feed.set_scope(scope)
    feed.boards.add(viewer)
    await feed.ready.wait()
    return feed, hub.received


async def leave(hub: LiveHub, viewer: Board, feed: ScopeFeed) -> None:
    """Remove a board; the feed's last board stops it and ends its hub subscription."""
    feed.boards.discard(viewer)
    if feed.boards:
        return
    if hub.feeds.get(feed.key) is feed:
        del hub.feeds[feed.key]
    await feed.stop()
    await hub.remove(feed)


__all__ = ["SNAPSHOT_REUSE_S", "Board", "Frame", "ScopeFeed", "Timing", "join", "leave", "merge_frames"]
