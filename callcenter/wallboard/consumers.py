"""The wallboard WebSocket: a snapshot on connect, then coalesced deltas.

Group messages from the bridge are never forwarded one by one, and frames are not built per connection:
the boards of one viewer scope share a feed (``callcenter.wallboard.feed``) that builds each frame and its
JSON once and hands the same text to each of them:

* each agent, queue or call goes out at most ten times a second (``ITEM_INTERVAL_S``); a burst about
  one agent becomes one update per interval carrying its latest state, never a queue of stale ones;
* each scope gets at most one frame per ``FRAME_INTERVAL_S``, which batches changes of many items
  without delaying a lone change by more than that;
* a client that cannot keep up never gets a backlog: while its socket is backed up (the server makes the
  send wait) the frames for it wait and are then merged into one (later values win); once that holds
  more than ``MAX_PENDING`` distinct items, or more than ``MAX_PENDING`` changes are pending in the
  scope at once, it gets a fresh snapshot instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from callcenter.wallboard import board, feed
from callcenter.wallboard.hub import LiveHub

logger = logging.getLogger(__name__)

REFUSED = 4403


class WallboardConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]  # channels ships no annotations
    """``/ws/wallboard/`` for admins, supervisors and managers (see the module docstring)."""

    ITEM_INTERVAL_S = 0.1
    FRAME_INTERVAL_S = 0.05
    MAX_PENDING = 2000

    async def connect(self) -> None:
        user = self.scope.get("user")
        if not board.may_watch(user):
            await self.close(code=REFUSED)
            return
        key = (type(self), await database_sync_to_async(board.scope_key)(user))
        timing = feed.Timing(self.ITEM_INTERVAL_S, self.FRAME_INTERVAL_S, self.MAX_PENDING)
        self.outbox: deque[feed.Frame] = deque()
        self.wake = asyncio.Event()
        self.includes_up_to = 0  # the number of the last hub message the board's snapshot includes
        self.known_status: dict[str, bool] = {}  # each node's link as the board shows it
        self.snapshot_due: int | None = None  # a snapshot is due that includes this message (0: any recent)
        # Listen before reading the snapshot, so that nothing published in between is lost.
        self.hub = LiveHub.current()
        self.feed, self.joined_at = await feed.join(
            self.hub, self, key, lambda: board.scope_for(user), timing
        )
        self.snapshot_due = 0
        await self.accept()
        self.sender = asyncio.create_task(self.send_loop())
        self.wake.set()

    @property
    def view_scope(self) -> board.Scope:
        return self.feed.scope

    async def disconnect(self, code: int) -> None:
        sender = getattr(self, "sender", None)
        if sender is not None:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender
        shared = getattr(self, "feed", None)
        if shared is not None:
            await feed.leave(self.hub, self, shared)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # The only thing a browser asks for is a fresh snapshot (after it found a gap or woke up).
        if text_data and '"snapshot"' in text_data:
            self.request_snapshot(self.hub.received)

    # -- from the feed ---------------------------------------------------------------------------------
    def push(self, frame: feed.Frame) -> None:
        self.outbox.append(frame)
        self.wake.set()

    def request_snapshot(self, after: int) -> None:
        self.snapshot_due = max(after, self.snapshot_due or 0)
        self.wake.set()

    # -- sending -------------------------------------------------------------------------------------
    async def send_text(self, text: str) -> None:
        try:
            await self.send(text_data=text)
        except RuntimeError as closed:
            # The browser closed the socket and the server answered it; websocket.disconnect is on its way.
            raise ConnectionResetError(str(closed)) from closed

    async def send_snapshot(self) -> None:
        due, self.snapshot_due = self.snapshot_due or 0, None
        # The first snapshot may be the feed's recent one (0: any), followed by the frames sent since;
        # any later one (a gap, a resync, a client that fell behind) is read after it was asked for.
        reused = self.feed.reusable_snapshot(0) if due == 0 else None
        if reused is not None:
            snapshot, since = reused
            # The frames sent since that read (before this board joined) come first, then its own.
            queued = {id(frame) for frame in self.outbox}
            self.outbox.extendleft(reversed([frame for frame in since if id(frame) not in queued]))
        else:
            snapshot = self.feed.snapshot_for(await self.hub.read(not_before=due or self.joined_at))
        self.includes_up_to = snapshot.read.includes_up_to
        self.known_status = dict(snapshot.status)
        await self.send_text(snapshot.text)

    async def send_frames(self) -> None:
        """Send what the feed handed over: one frame as the feed built it, several (a slow socket) merged."""
        while self.outbox and self.snapshot_due is None:
            if len(self.outbox) == 1:
                text = self.outbox.popleft().text_after(self.includes_up_to, self.known_status)
            else:
                frames = list(self.outbox)
                self.outbox.clear()
                text, count = feed.merge_frames(frames, self.includes_up_to, self.known_status)
                if count > self.MAX_PENDING:
                    self.request_snapshot(max(frame.newest for frame in frames))
                    return
            if text is not None:
                # A slow browser makes this wait (the server applies back-pressure); meanwhile the frames
                # for it wait in the outbox and go out merged.
                await self.send_text(text)

    async def send_loop(self) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            try:
                while self.snapshot_due is not None or self.outbox:
                    if self.snapshot_due is not None:
                        await self.send_snapshot()
                    await self.send_frames()
            except OSError:
                # The browser went away (the server's ClientDisconnected): stop taking frames at once.
                await feed.leave(self.hub, self, self.feed)
                return
            except Exception:
                # One bad frame must not stop the board: log it and start over from a snapshot.
                logger.exception("wallboard frame not sent")
                self.outbox.clear()
                self.request_snapshot(self.hub.received)
