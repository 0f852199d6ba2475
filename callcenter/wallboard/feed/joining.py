"""Boards joining and leaving the feed of their scope: the feed made (and its scope computed once for
all the boards that ask at the same time) on first use, stopped with its last board."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Hashable

from channels.db import database_sync_to_async

from callcenter.wallboard import board
from callcenter.wallboard.feed.frames import Board, Timing
from callcenter.wallboard.feed.scope_feed import ScopeFeed
from callcenter.wallboard.hub import LiveHub

# A board that opens later than this after its feed's scope was computed computes it again (new agents,
# changed teams); the feed's other boards follow the fresher scope.
SCOPE_REFRESH_S = 60.0


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
