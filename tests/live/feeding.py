"""Running the real bridge against a local AMI server and knowing when its subscribers are done.

``Probe`` is a subscriber of its own: it hears the link notices and a sentinel UserEvent pushed after the
bytes under test. Queues are per subscriber, but the bridge reads the socket in order: once the probe has
the sentinel, every earlier event is queued for every subscriber, and ``ServerBridge.subscribers_settled``
waits until they have all been handled. No test waits for an event by sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field

from callcenter.ami.protocol import Message
from callcenter.live.bridge import ServerBridge, run_bridge
from callcenter.live.store import get_store
from callcenter.live.subscribers import Link, LinkNotice, Subscriber, registered
from tests.live.inprocess import FAST

SENTINEL_NAME = "TestSentinel"
SENTINEL = f"Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: {SENTINEL_NAME}\r\n\r\n".encode()


def is_sentinel(message: Message) -> bool:
    return message.event == "UserEvent" and message.get("UserEvent") == SENTINEL_NAME


@dataclass
class Probe:
    """A subscriber that signals the node's resyncs and the sentinel."""

    name: str = "test.probe"
    links: list[Link] = field(default_factory=list)
    resynced: asyncio.Event = field(default_factory=asyncio.Event)
    sentinel: asyncio.Event = field(default_factory=asyncio.Event)

    def wants(self, message: Message) -> bool:
        return is_sentinel(message)

    async def handle(self, server_name: str, message: Message) -> None:
        self.sentinel.set()

    async def on_link(self, notice: LinkNotice) -> None:
        self.links.append(notice.link)
        if notice.link == Link.RESYNCED:
            self.resynced.set()

    @property
    def subscriber(self) -> Subscriber:
        return Subscriber(name=self.name, wants=self.wants, handle=self.handle, on_link=self.on_link)


@dataclass
class RunningBridge:
    """The bridge of one node, its probe and a way to push bytes to it."""

    probe: Probe
    push: Callable[[bytes], None]
    bridges: dict[str, ServerBridge] = field(default_factory=dict)

    def bridge(self, server: str) -> ServerBridge:
        return self.bridges[server]

    async def deliver(self, server: str, data: bytes, timeout: float = 20.0) -> None:
        """Push ``data`` and wait until every subscriber has handled every event in it."""
        self.probe.sentinel.clear()
        self.push(data + SENTINEL)
        async with asyncio.timeout(timeout):
            await self.probe.sentinel.wait()
            await self.bridge(server).subscribers_settled()


@contextlib.asynccontextmanager
async def running_bridge(
    server: str,
    push: Callable[[bytes], None],
    *,
    subscribers: Iterable[Subscriber] | None = None,
    timeout: float = 20.0,
) -> AsyncIterator[RunningBridge]:
    """Run the bridge of ``server`` with ``subscribers`` (default: every registered one) plus a probe,
    until the block exits; enter once the node is logged in and resynced. The node's live state is
    deleted from the store afterwards."""
    probe = Probe()
    running = RunningBridge(probe, push)
    chosen = [*(registered() if subscribers is None else subscribers), probe.subscriber]
    stop = asyncio.Event()

    def started(bridge: ServerBridge) -> None:
        running.bridges[bridge.name] = bridge

    task = asyncio.create_task(run_bridge(stop, [server], subscribers=chosen, on_start=started, **FAST))
    try:
        async with asyncio.timeout(timeout):
            await probe.resynced.wait()
        yield running
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout)
        # The bridge leaves the node's last snapshot in the store; other tests must not see it.
        await get_store().delete(server)
