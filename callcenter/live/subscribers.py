"""Subscribers of the bridge: every reader of AMI events besides the live state, on the bridge's connection.

The bridge holds the only AMI event stream per node. Apps that need events (the dialer's attempts, the
wallboard's spy sessions and trunk alarms) do not log in themselves: each registers a ``Subscriber`` in
its own ``AppConfig.ready()``. This module is the registration point, so ``live`` imports none of them.

A subscriber has a ``name``, a cheap ``wants(message)`` filter (called on the bridge's reader, for every
event, after the live-state reducer: no I/O there), and ``handle(server_name, message)``, async or sync.
Optionally ``on_link(notice)`` hears about the node's link: ``connected`` after every login, ``resynced``
after every rebuild of the live state (after a login, after a reload), ``disconnected`` when the link
drops. Notices travel in the same queue as the events, so they keep their place in the order.

Delivery, per subscriber and per node:

* one bounded ``asyncio.Queue`` and one task that hands its items over one at a time, in order. A slow
  subscriber never delays the reducer, the publisher or another subscriber: only its own queue grows.
* an async ``handle`` is awaited on the bridge's event loop; a sync one runs in a thread of its own (one
  per subscriber and node, through ``sync_to_async``), one call at a time, so it may use the database
  and still sees the events in order. Its database connections are closed when the bridge stops.
* an exception in ``wants``, ``handle`` or ``on_link`` is logged and counted
  (``cc_live_subscriber_errors_total``); the item is skipped and the stream goes on.
* **a full queue drops its oldest item** to make room for the new one, counted in
  ``cc_live_subscriber_dropped_total`` and logged. Blocking instead would stop the one reader of the
  node's socket, and with it the live state and every other subscriber. Each subscriber has its own way
  to recover from a lost event: the dialer's ``settle_unknown`` closes attempts left in flight, a spy
  session without its end is dropped from the board after ``STALE_AFTER``, and the next qualify event
  corrects a trunk alarm.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum

from asgiref.sync import sync_to_async
from django.db import close_old_connections, connections

from callcenter.ami.protocol import Message
from callcenter.live import metrics

logger = logging.getLogger(__name__)

DEFAULT_QUEUE_SIZE = 10_000
STOP_TIMEOUT = 10.0
_DROP_LOG_EVERY = 1000


class Link(StrEnum):
    """What happened to a node's AMI link."""

    CONNECTED = "connected"  # logged in; events flow from here on (the live state is not rebuilt yet)
    RESYNCED = "resynced"  # the live state was rebuilt from QueueStatus and CoreShowChannels
    DISCONNECTED = "disconnected"  # the link dropped; events may be missed until the next login


@dataclass(frozen=True)
class LinkNotice:
    """A change of one node's link, handed to ``Subscriber.on_link`` in order with the events."""

    server: str
    link: Link


# A handler may be a coroutine function (awaited on the event loop) or a plain function (run in the
# subscriber's own thread); its result is ignored.
EventHandler = Callable[[str, Message], object]
LinkHandler = Callable[[LinkNotice], object]


@dataclass(frozen=True)
class Subscriber:
    """One consumer of the bridge's events (see the module docstring)."""

    name: str
    wants: Callable[[Message], bool]
    handle: EventHandler
    on_link: LinkHandler | None = None
    queue_size: int = DEFAULT_QUEUE_SIZE


_registry: dict[str, Subscriber] = {}


def register(subscriber: Subscriber) -> None:
    """Add (or replace, by name) a subscriber; bridges started afterwards feed it."""
    _registry[subscriber.name] = subscriber


def unregister(name: str) -> None:
    _registry.pop(name, None)


def registered() -> tuple[Subscriber, ...]:
    """The registered subscribers, in registration order."""
    return tuple(_registry.values())


_Item = Message | LinkNotice | None  # None stops the feed


class SubscriberFeed:
    """One subscriber's ordered, bounded queue on one node, and the task that empties it."""

    def __init__(self, subscriber: Subscriber, server: str) -> None:
        self.subscriber = subscriber
        self.server = server
        self.queue: asyncio.Queue[_Item] = asyncio.Queue(maxsize=max(1, subscriber.queue_size))
        self.delivered = 0
        self.dropped = 0
        self.errors = 0
        self._task: asyncio.Task[None] | None = None
        self._executor: ThreadPoolExecutor | None = None
        labels = (server, subscriber.name)
        self._delivered_metric = metrics.SUBSCRIBER_EVENTS.labels(*labels)
        self._errors_metric = metrics.SUBSCRIBER_ERRORS.labels(*labels)
        self._dropped_metric = metrics.SUBSCRIBER_DROPPED.labels(*labels)
        self._depth_metric = metrics.SUBSCRIBER_QUEUE.labels(*labels)

    # -- the bridge's side (synchronous, on the reader: never blocks) --------------------------------
    def offer(self, message: Message) -> None:
        """Queue ``message`` if the subscriber wants it."""
        try:
            wanted = self.subscriber.wants(message)
        except Exception:
            self._failed("wants", message.event)
            return
        if wanted:
            self._put(message)

    def notify(self, notice: LinkNotice) -> None:
        if self.subscriber.on_link is not None:
            self._put(notice)

    def _put(self, item: _Item) -> None:
        if self.queue.full():
            with contextlib.suppress(asyncio.QueueEmpty):
                self.queue.get_nowait()
                self.queue.task_done()
            self.dropped += 1
            self._dropped_metric.inc()
            if self.dropped % _DROP_LOG_EVERY == 1:
                logger.warning(
                    "event=live_subscriber_queue_full server=%s subscriber=%s size=%d dropped=%d",
                    self.server,
                    self.subscriber.name,
                    self.queue.maxsize,
                    self.dropped,
                )
        self.queue.put_nowait(item)
        self._depth_metric.set(self.queue.qsize())

    # -- the subscriber's side -----------------------------------------------------------------------
    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(
            self._run(), name=f"live-subscriber-{self.subscriber.name}-{self.server}"
        )

    async def _run(self) -> None:
        while True:
            item = await self.queue.get()
            try:
                if item is None:
                    await self._close_connections()
                    return
                await self._deliver(item)
            finally:
                self.queue.task_done()
                self._depth_metric.set(self.queue.qsize())

    async def _deliver(self, item: Message | LinkNotice) -> None:
        handler: Callable[..., object] | None
        args: tuple[object, ...]
        what: str | None
        if isinstance(item, LinkNotice):
            handler, args, what = self.subscriber.on_link, (item,), f"link {item.link}"
        else:
            handler, args, what = self.subscriber.handle, (self.server, item), item.event
        if handler is None:
            return
        try:
            if inspect.iscoroutinefunction(handler):
                await handler(*args)
            else:
                await sync_to_async(_call_and_tidy, thread_sensitive=False, executor=self._thread())(
                    handler, args
                )
        except Exception:
            self._failed("handle", what)
            return
        self.delivered += 1
        self._delivered_metric.inc()

    async def _close_connections(self) -> None:
        """Close the database connections the sync handler opened. Django keeps them in the context of
        this task (``sync_to_async`` carries it to the thread and back), so this runs here, in order."""
        if self._executor is not None:
            with contextlib.suppress(Exception):
                await sync_to_async(connections.close_all, thread_sensitive=False, executor=self._executor)()

    def _thread(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix=f"live-sub-{self.subscriber.name}-{self.server}"
            )
        return self._executor

    def _failed(self, stage: str, what: str | None) -> None:
        self.errors += 1
        self._errors_metric.inc()
        logger.exception(
            "event=live_subscriber_failed server=%s subscriber=%s stage=%s item=%r",
            self.server,
            self.subscriber.name,
            stage,
            what,
        )

    async def join(self) -> None:
        """Wait until everything queued so far has been handled (tests, shutdown)."""
        await self.queue.join()

    async def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Hand over what is queued (up to ``timeout`` seconds), then end the task and the thread."""
        task = self._task
        if task is not None:
            self._put(None)
            try:
                await asyncio.wait_for(asyncio.shield(task), timeout)
            except TimeoutError:
                logger.warning(
                    "event=live_subscriber_stop_timeout server=%s subscriber=%s left=%d",
                    self.server,
                    self.subscriber.name,
                    self.queue.qsize(),
                )
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            self._task = None
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False)


def _call_and_tidy(handler: Callable[..., object], args: tuple[object, ...]) -> None:
    try:
        handler(*args)
    finally:
        # As after a request: drop a connection that broke or outlived CONN_MAX_AGE.
        close_old_connections()


class Fanout:
    """Every subscriber's feed for one node."""

    def __init__(self, server: str, subscribers: Iterable[Subscriber]) -> None:
        self.server = server
        self.feeds = [SubscriberFeed(subscriber, server) for subscriber in subscribers]

    def start(self) -> None:
        for feed in self.feeds:
            feed.start()

    def offer(self, message: Message) -> None:
        for feed in self.feeds:
            feed.offer(message)

    def notify(self, link: Link) -> None:
        notice = LinkNotice(self.server, link)
        for feed in self.feeds:
            feed.notify(notice)

    def feed(self, name: str) -> SubscriberFeed:
        return next(feed for feed in self.feeds if feed.subscriber.name == name)

    async def join(self) -> None:
        for feed in self.feeds:
            await feed.join()

    async def stop(self) -> None:
        await asyncio.gather(*(feed.stop() for feed in self.feeds))


__all__ = [
    "DEFAULT_QUEUE_SIZE",
    "Fanout",
    "Link",
    "LinkNotice",
    "Subscriber",
    "SubscriberFeed",
    "register",
    "registered",
    "unregister",
]
