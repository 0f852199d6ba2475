"""The wallboard WebSocket: a snapshot on connect, then coalesced deltas.

Group messages from the bridge are never forwarded one by one. Each one only overwrites the pending
entry of the agent, queue or call it is about, and a separate task sends what is due:

* each agent, queue or call goes out at most ten times a second (``ITEM_INTERVAL_S``); a burst about
  one agent becomes one update per interval carrying its latest state, never a queue of stale ones;
* each connection gets at most one frame per ``FRAME_INTERVAL_S``, which batches changes of many items
  without delaying a lone change by more than that;
* a client that cannot keep up never gets a backlog: while its socket is backed up (the server makes the
  send wait) changes keep overwriting their pending entries, and once more than ``MAX_PENDING`` distinct
  items are pending it gets a fresh snapshot instead of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from callcenter.wallboard import board, endpoints
from callcenter.wallboard.hub import LiveHub

logger = logging.getLogger(__name__)

REFUSED = 4403


class WallboardConsumer(AsyncWebsocketConsumer):
    """``/ws/wallboard/`` for admins, supervisors and managers (see the module docstring)."""

    ITEM_INTERVAL_S = 0.1
    FRAME_INTERVAL_S = 0.05
    MAX_PENDING = 2000

    async def connect(self) -> None:
        user = self.scope.get("user")
        if not board.may_watch(user):
            await self.close(code=REFUSED)
            return
        self.view_scope: board.Scope = await database_sync_to_async(board.scope_for)(user)
        # (collection, key on the board) -> (server, key in the live state, latest value or None,
        # number of the hub message it came in)
        self.pending: dict[tuple[str, str], tuple[str, str, dict[str, Any] | None, int]] = {}
        self.last_seq: dict[str, int] = {}
        self.known_status: dict[str, bool] = {}
        self.trunks_down: dict[str, set[str]] = {}  # per node, the trunks in alarm the board was told of
        self.pending_channels: dict[str, tuple[int, dict[str, Any]]] = {}
        self.pending_servers: dict[str, tuple[int, dict[str, Any]]] = {}
        self.sent_keys: dict[str, set[str]] = {name: set() for name in (*board.COLLECTIONS, "spies")}
        self.need_snapshot = False
        self.wake = asyncio.Event()
        self.last_flush = 0.0
        self.last_sent: dict[tuple[str, str], float] = {}
        # Listen before reading the snapshot, so that nothing published in between is lost.
        self.hub = LiveHub.current()
        self.joined_at = await self.hub.add(self)
        await self.accept()
        await self.send_snapshot()
        self.flusher = asyncio.create_task(self.flush_loop())

    async def disconnect(self, code: int) -> None:
        flusher = getattr(self, "flusher", None)
        if flusher is not None:
            flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await flusher
        hub = getattr(self, "hub", None)
        if hub is not None:
            await hub.remove(self)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # The only thing a browser asks for is a fresh snapshot (after it found a gap or woke up).
        if text_data and '"snapshot"' in text_data:
            self.need_snapshot = True
            self.wake.set()

    # -- messages from the bridge (through the hub) ----------------------------------------------------
    def on_live_message(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        server = str(message.get("server") or "")
        seq = message.get("seq")
        if kind in ("live.delta", "live.resync", "live.status") and isinstance(seq, int):
            # live.all carries every message of a node, numbered: a gap means some were lost.
            last = self.last_seq.get(server)
            if last is not None and seq > last + 1:
                self.need_snapshot = True
                self.wake.set()
            self.last_seq[server] = seq
        if kind == "live.delta":
            self.live_delta(server, message)
        elif kind == "live.resync":
            self.need_snapshot = True
            self.wake.set()
        elif kind in ("live.status", "live.link"):
            # live.status: the bridge's AMI link went up or down; live.link: the hub saw its heartbeat
            # appear or expire (a bridge that died or hangs says nothing itself).
            self.note_status(server, bool(message.get("connected")))
        elif kind == "wallboard.spy":
            self.wallboard_spy(message)

    def live_delta(self, server: str, message: dict[str, Any]) -> None:
        for collection in board.COLLECTIONS:
            for key, value in (message.get(collection) or {}).items():
                self.pending[(collection, board.frame_key(collection, server, str(key)))] = (
                    server,
                    key,
                    value,
                    self.hub.received,
                )
        if "channels" in message:
            self.pending_channels[server] = (self.hub.received, message["channels"] or {})
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

    def note_status(self, server: str, connected: bool) -> None:
        # Compared with what the board shows when the frame goes out (``delta_frame``): a status read
        # while the snapshot was being read may repeat it.
        self.server_change(server, {"connected": connected})

    def server_change(self, server: str, change: dict[str, Any]) -> None:
        _number, before = self.pending_servers.get(server, (0, {}))
        self.pending_servers[server] = (self.hub.received, {**before, **change})
        self.wake.set()

    def wallboard_spy(self, message: dict[str, Any]) -> None:
        spy = message.get("spy") or {}
        if self.view_scope.everything or spy.get("interface") in self.view_scope.agents_by_interface:
            key = str(spy.get("id"))
            self.pending[("spies", key)] = (str(spy.get("server") or ""), key, spy, self.hub.received)
            self.wake.set()

    # -- sending -------------------------------------------------------------------------------------
    async def send_snapshot(self) -> None:
        self.need_snapshot = False
        read = await self.hub.read(not_before=self.joined_at)
        # Drop what the snapshot already includes; anything newer stays pending and follows.
        self.pending = {k: v for k, v in self.pending.items() if v[3] > read.includes_up_to}
        self.pending_channels = {k: v for k, v in self.pending_channels.items() if v[0] > read.includes_up_to}
        self.pending_servers = {k: v for k, v in self.pending_servers.items() if v[0] > read.includes_up_to}
        visible_spies = [
            spy
            for spy in read.spies
            if self.view_scope.everything or spy["interface"] in self.view_scope.agents_by_interface
        ]
        frame = board.snapshot_frame(self.view_scope, read.snapshots, visible_spies)
        for collection in self.sent_keys:
            self.sent_keys[collection] = set(frame[collection])
        self.known_status = {name: info["connected"] for name, info in frame["servers"].items()}
        self.trunks_down = {name: set(info["trunks_down"]) for name, info in frame["servers"].items()}
        await self.send(text_data=json.dumps(frame, separators=(",", ":")))

    def delta_frame(self, now: float) -> tuple[dict[str, Any] | None, float | None]:
        """The frame of what is due at ``now`` and when the next pending item falls due (None: nothing)."""
        frame: dict[str, Any] = {"type": "delta", "server_time": time.time()}
        changed = False
        next_due: float | None = None
        pending, self.pending = self.pending, {}
        for entry_key, entry in pending.items():
            due = self.last_sent.get(entry_key, 0.0) + self.ITEM_INTERVAL_S
            if due > now:
                self.pending[entry_key] = entry
                next_due = due if next_due is None else min(next_due, due)
                continue
            collection, key = entry_key
            server, live_key, value, _number = entry
            item = (
                value
                if collection == "spies"
                else board.view(self.view_scope, collection, server, live_key, value)
            )
            sent = self.sent_keys[collection]
            if item is None:
                if key not in sent:
                    continue  # never shown to this viewer: nothing to remove, and nothing to reveal
                sent.discard(key)
            else:
                sent.add(key)
            frame.setdefault(collection, {})[key] = item
            self.last_sent[entry_key] = now
            changed = True
        if self.pending_channels:
            frame["channels"] = {server: value for server, (_n, value) in self.pending_channels.items()}
            self.pending_channels = {}
            changed = True
        if self.pending_servers:
            servers: dict[str, dict[str, Any]] = {}
            for server, (_n, value) in self.pending_servers.items():
                change = dict(value)
                if "connected" in change:
                    if self.known_status.get(server) == change["connected"]:
                        del change["connected"]  # the board shows it already
                    else:
                        self.known_status[server] = change["connected"]
                if change:
                    servers[server] = change
            self.pending_servers = {}
            if servers:
                frame["servers"] = servers
                changed = True
        if len(self.last_sent) > 4 * self.MAX_PENDING:
            # Only the last interval matters; forget older sends so the map stays small all day.
            self.last_sent = {k: t for k, t in self.last_sent.items() if t > now - self.ITEM_INTERVAL_S}
        return (frame if changed else None), next_due

    async def flush_loop(self) -> None:
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
            delay = self.last_flush + self.FRAME_INTERVAL_S - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            self.wake.clear()
            now = self.last_flush = loop.time()
            try:
                if self.need_snapshot or len(self.pending) > self.MAX_PENDING:
                    await self.send_snapshot()
                    continue
                frame, next_due = self.delta_frame(now)
                if next_due is not None:
                    timeout = max(next_due - loop.time(), 0.0)
                if frame is None:
                    continue
                # A slow browser makes this wait (the server applies back-pressure); meanwhile new changes
                # only overwrite their pending entries, so the next frame is current, not a backlog.
                await self.send(text_data=json.dumps(frame, separators=(",", ":")))
            except OSError:
                return  # the browser went away (the server's ClientDisconnected); disconnect() follows
            except Exception:
                # One bad item must not stop the board: log it and start over from a snapshot.
                logger.exception("wallboard frame not sent")
                self.need_snapshot = True
                self.wake.set()
