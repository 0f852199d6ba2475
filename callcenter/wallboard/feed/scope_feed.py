"""The shared frames of one viewer scope: its snapshot text, reused by boards that open soon after, and
its delta frames at the feed's rates, handed to every board of the scope."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import cast

from callcenter.live.messages import SpyView
from callcenter.wallboard import board
from callcenter.wallboard.feed.frames import Frame, FrameParts, ItemKey, PartValue, Timing, delta_text, dumps
from callcenter.wallboard.feed.intake import FeedIntake
from callcenter.wallboard.hub import LiveRead

logger = logging.getLogger(__name__)

SNAPSHOT_REUSE_S = 3.0
# How long the frames sent are kept for boards that reuse a snapshot (longer than a store read takes).
HISTORY_S = 30.0


@dataclass
class _Snapshot:
    read: LiveRead
    text: str
    status: dict[str, bool]  # each node's link as the snapshot shows it
    at: float


class ScopeFeed(FeedIntake):
    """The shared frames of one scope (see ``callcenter.wallboard.feed``). ``received`` is the hub's counter."""

    def __init__(
        self, key: Hashable, scope: board.Scope, timing: Timing, received: Callable[[], int]
    ) -> None:
        super().__init__(scope, received)
        self.key = key
        self.scope_at = time.monotonic()
        self.timing = timing
        self.ready = asyncio.Event()  # set once the hub hands this feed its messages
        self.shown: dict[str, set[str]] = {name: set() for name in (*board.COLLECTIONS, "spies")}
        self.last_sent: dict[ItemKey, float] = {}
        self.last_flush = 0.0
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
        for collection in board.COLLECTIONS:
            self.shown[collection].update(frame[collection])
        self.shown["spies"].update(frame["spies"])
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
        parts: FrameParts = {}
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
            item: PartValue = (
                cast(SpyView, value)  # the intake files spy sessions as they are, under "spies"
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
            parts.setdefault(collection, {})[key] = item
            numbers[entry_key] = number
            self.last_sent[entry_key] = now
        if self.pending_channels:
            parts["channels"] = {}
            for server, (number, channels) in self.pending_channels.items():
                parts["channels"][server] = channels
                numbers[("channels", server)] = number
            self.pending_channels = {}
        if self.pending_servers:
            for server, (number, server_change) in self.pending_servers.items():
                change = server_change.copy()
                if "connected" in change:
                    if self.known_status.get(server) == change["connected"]:
                        del change["connected"]  # the boards show it already
                    else:
                        self.known_status[server] = change["connected"]
                if change:
                    parts.setdefault("servers", {})[server] = change
                    numbers[("servers", server)] = number
            self.pending_servers = {}
        if len(self.last_sent) > 4 * self.timing.max_pending:
            # Only the last interval matters; forget older sends so the map stays small all day.
            cutoff = now - self.timing.item_interval
            self.last_sent = {k: t for k, t in self.last_sent.items() if t > cutoff}
        if not numbers:
            return None, next_due
        values = numbers.values()
        frame = Frame(delta_text(parts), parts, numbers, min(values), max(values))
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
