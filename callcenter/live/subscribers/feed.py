"""Delivery to subscribers: one ordered, bounded queue and one task per subscriber and node; a full queue
drops its oldest item (see ``callcenter.live.subscribers.registry``)."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from django.db import close_old_connections, connections

from callcenter.ami.protocol import Message
from callcenter.live import metrics
from callcenter.live.subscribers.registry import Link, LinkNotice, Subscriber

logger = logging.getLogger("callcenter.live.subscribers")
STOP_TIMEOUT = 10.0
_DROP_LOG_EVERY = 1000

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
