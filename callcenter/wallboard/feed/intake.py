"""What a feed has yet to send: the latest change of each item from the hub's messages, and the
nodes' link and trunk changes; a lost message or a resync makes every board of the feed re-read the store."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from callcenter.live.messages import (
    ChannelsView,
    HubMessage,
    LiveDeltaMessage,
    LiveItem,
    ServerFrame,
    SpyMessage,
    SpyView,
)
from callcenter.wallboard import board, endpoints
from callcenter.wallboard.feed.frames import Board, ItemKey


class FeedIntake:
    """The hub's messages as a feed's pending changes. ``received`` is the hub's counter."""

    def __init__(self, scope: board.Scope, received: Callable[[], int]) -> None:
        self.scope = scope
        self._received = received  # () -> the number of the last hub message handed out
        self.boards: set[Board] = set()
        self.pending: dict[ItemKey, tuple[str, str, LiveItem | SpyView | None, int]] = {}
        self.pending_channels: dict[str, tuple[int, ChannelsView]] = {}
        self.pending_servers: dict[str, tuple[int, ServerFrame]] = {}
        self.last_seq: dict[str, int] = {}
        self.known_status: dict[str, bool] = {}
        self.trunks_down: dict[str, set[str]] = {}
        self.wake = asyncio.Event()

    def _forget_snapshots(self) -> None:
        """Forget what was read from the store before now (the feed keeps its last snapshot)."""

    # -- messages from the hub ---------------------------------------------------------------------------
    def on_live_message(self, message: HubMessage) -> None:
        if message["type"] == "wallboard.spy":
            self.wallboard_spy(message)
            return
        server = str(message.get("server") or "")
        if message["type"] == "live.link":
            # The hub saw the node's heartbeat appear or expire (a bridge that died or hangs says nothing
            # itself).
            self.server_change(server, {"connected": bool(message.get("connected"))})
            return
        if message["type"] not in ("live.delta", "live.resync", "live.status"):
            return
        seq = message.get("seq")
        if isinstance(seq, int):
            # live.all carries every message of a node, numbered: a gap means some were lost.
            last = self.last_seq.get(server)
            if last is not None and seq > last + 1:
                self.snapshot_all()
            self.last_seq[server] = seq
        if message["type"] == "live.delta":
            self.live_delta(server, message)
        elif message["type"] == "live.resync":
            self.snapshot_all()
        else:
            # live.status: the bridge's AMI link went up or down.
            self.server_change(server, {"connected": bool(message.get("connected"))})

    def snapshot_all(self) -> None:
        """Every board re-reads the store (nothing read before now is good any more)."""
        self._forget_snapshots()
        after = self._received()
        for viewer in list(self.boards):
            viewer.request_snapshot(after)

    def live_delta(self, server: str, message: LiveDeltaMessage) -> None:
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
            self.pending_channels[server] = (number, message["channels"])
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

    def server_change(self, server: str, change: ServerFrame) -> None:
        _number, before = self.pending_servers.get(server, (0, {}))
        self.pending_servers[server] = (self._received(), {**before, **change})
        self.wake.set()

    def wallboard_spy(self, message: SpyMessage) -> None:
        spy = message.get("spy") or {}
        if self.scope.everything or spy.get("interface") in self.scope.agents_by_interface:
            key = str(spy.get("id"))
            self.pending[("spies", key)] = (str(spy.get("server") or ""), key, spy, self._received())
            self.wake.set()
