"""One channel-layer subscription per web process, shared by all the wallboards that process serves.

Each message the bridge publishes reaches a process once (``live.all``) and is decoded once; the hub then
hands the same dict to each of its listeners: one feed per viewer scope (``callcenter.wallboard.feed``),
which builds the frames of that scope once for all its boards. With
a subscription per connection, every connection would decode every message and go through the channel
layer's own dispatch: at 50 boards that cost more than everything else together (docs/performance.md).

The hub also watches the bridges' heartbeats (``callcenter.live.store``): every ``LIVE_STATUS_CHECK_MS`` it
reads which nodes have one, and when a node's changes it hands the boards a ``live.link`` message. A bridge
that was killed or hangs publishes nothing, so this is how the boards learn that its node is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from callcenter.live.messages import HubMessage, LinkMessage, SpyView, StoredSnapshot
from callcenter.live.store import Store, get_store
from callcenter.wallboard import livestate, spies

if TYPE_CHECKING:
    from callcenter.wallboard.board import Scope
    from callcenter.wallboard.feed import ScopeFeed

logger = logging.getLogger(__name__)

GROUPS = ("live.all", spies.GROUP)


@dataclass(frozen=True)
class LiveRead:
    """One read of the store: every node's snapshot (trunks and phones included) and the spy sessions
    under way."""

    includes_up_to: int
    snapshots: dict[str, StoredSnapshot]
    spies: list[SpyView]


class Listener(Protocol):
    def on_live_message(self, message: HubMessage) -> None: ...


class LiveHub:
    """The shared subscription of one event loop (see the module docstring)."""

    _hubs: dict[asyncio.AbstractEventLoop, LiveHub] = {}

    def __init__(self) -> None:
        self.listeners: set[Listener] = set()
        self.channel = ""
        self.task: asyncio.Task[None] | None = None
        self.lock = asyncio.Lock()
        self.received = 0  # messages handed out so far; numbers them for the snapshot reads below
        self._reading: asyncio.Future[LiveRead] | None = None
        self._reading_from = 0
        self.watcher: asyncio.Task[None] | None = None
        self.links: dict[str, bool] = {}  # what the last heartbeat check saw, per node
        self._store: Store | None = None
        # The frames shared by the boards of one viewer scope (callcenter.wallboard.feed), and the scopes
        # being computed for them.
        self.feeds: dict[Hashable, ScopeFeed] = {}
        self.scoping: dict[Hashable, asyncio.Future[Scope]] = {}

    @classmethod
    def current(cls) -> LiveHub:
        loop = asyncio.get_running_loop()
        hub = cls._hubs.get(loop)
        if hub is None:
            hub = cls._hubs[loop] = cls()
        return hub

    async def add(self, listener: Listener) -> int:
        """Subscribe (once) and add the listener; messages published after this returns reach it.
        Returns the number of the last message handed out before (for ``read(not_before=...)``)."""
        async with self.lock:
            if self.task is None:
                layer = get_channel_layer()
                if layer is None:
                    raise RuntimeError("the wallboard needs a channel layer (CHANNEL_LAYERS)")
                self.channel = await layer.new_channel("wallboard.hub.")
                for group in GROUPS:
                    await layer.group_add(group, self.channel)
                self.task = asyncio.create_task(self._run(layer, self.channel))
                self._store = get_store()
                self.watcher = asyncio.create_task(self._watch_links(self._store))
            self.listeners.add(listener)
            return self.received

    async def remove(self, listener: Listener) -> None:
        async with self.lock:
            self.listeners.discard(listener)
            if self.listeners or self.task is None:
                return
            task, self.task = self.task, None
            watcher, self.watcher = self.watcher, None
            for running in (task, watcher):
                if running is not None:
                    running.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await running
            if self._store is not None:
                with contextlib.suppress(Exception):
                    await self._store.close()
                self._store = None
            layer = get_channel_layer()
            if layer is not None:
                for group in GROUPS:
                    await layer.group_discard(group, self.channel)
            self._hubs.pop(asyncio.get_running_loop(), None)

    def read(self, not_before: int = 0) -> asyncio.Future[LiveRead]:
        """The live state from the store, and the number of the last message it is known to include.

        Boards that ask while a read is under way share it (after a bridge resync they all ask at once).
        The bridge writes the store before it publishes, so everything handed out before the read
        started is in it; what came later may or may not be, and stays pending in each board. A board
        that joined after a read started (``not_before``: the number it joined at) did not get the
        messages in between, so it needs a read of its own.
        """
        reading = self._reading
        if reading is None or self._reading_from < not_before:
            self._reading_from = self.received
            reading = self._reading = asyncio.ensure_future(
                database_sync_to_async(self._read_store)(self._reading_from)
            )
            reading.add_done_callback(self._read_done)
        return asyncio.shield(reading)

    @staticmethod
    def _read_store(started_after: int) -> LiveRead:
        return LiveRead(started_after, livestate.read_all(), spies.active_spies())

    def _read_done(self, future: asyncio.Future[LiveRead]) -> None:
        if self._reading is future:
            self._reading = None

    def _hand_out(self, message: HubMessage) -> None:
        self.received += 1
        for listener in list(self.listeners):
            try:
                listener.on_live_message(message)
            except Exception:
                logger.exception("wallboard listener failed on %s", message.get("type"))

    async def _run(self, layer: Any, channel: str) -> None:
        while True:
            self._hand_out(await layer.receive(channel))

    async def check_links(self, store: Store) -> None:
        """Read every node's heartbeat once; a node whose presence changed gets a ``live.link`` message."""
        for server, connected in (await store.link_status()).items():
            if self.links.get(server) == connected:
                continue
            self.links[server] = connected
            message: LinkMessage = {"type": "live.link", "server": server, "connected": connected}
            self._hand_out(message)

    async def _watch_links(self, store: Store) -> None:
        interval = settings.LIVE_STATUS_CHECK_MS / 1000
        failing = False
        while True:
            try:
                await self.check_links(store)
                failing = False
            except Exception:
                if not failing:  # once per outage, not every second
                    logger.exception("wallboard heartbeat check failed")
                failing = True
            await asyncio.sleep(interval)
