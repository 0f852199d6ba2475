"""Subscribers of the bridge: registered by the apps, fed in order on their own queues, never in the way
of the live state or of each other."""

from __future__ import annotations

import ast
import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from prometheus_client import REGISTRY

from callcenter import live
from callcenter.ami.protocol import FrameParser, Message
from callcenter.live import subscribers
from callcenter.live.store import read_snapshot
from callcenter.live.subscribers import Link, LinkNotice, Subscriber
from tests.harness.ami import AMIServer
from tests.harness.frames import transcript_body
from tests.live.feeding import SENTINEL, running_bridge

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(60)]

LIVE_DIR = Path(live.__file__).resolve().parent
S01_CALL = "1795355838.1"


@pytest.fixture
def s01_body(asterisk_fixtures: Path) -> bytes:
    return transcript_body((asterisk_fixtures / "transcripts" / "s01_inbound.ami").read_bytes())


def _events(body: bytes, wanted: set[str]) -> list[tuple[str, str]]:
    return [
        (m.event or "", m.get("Uniqueid") or "")
        for m in FrameParser(expect_banner=False).feed(body)
        if m.event in wanted
    ]


@dataclass
class Recorder:
    """Records (event, Uniqueid) of the events it wants, and the link notices, in the order handed over."""

    wanted: set[str]
    name: str = "test.recorder"
    got: list[tuple[str, str]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    failing: set[str] = field(default_factory=set)
    release: asyncio.Event | None = None
    queue_size: int = subscribers.DEFAULT_QUEUE_SIZE

    def wants(self, message: Message) -> bool:
        return message.event in self.wanted

    async def handle(self, server_name: str, message: Message) -> None:
        if self.release is not None:
            await self.release.wait()
        if message.event in self.failing:
            raise RuntimeError(f"cannot take {message.event}")
        self.got.append((message.event or "", message.get("Uniqueid") or ""))

    async def on_link(self, notice: LinkNotice) -> None:
        self.links.append(notice.link)

    @property
    def subscriber(self) -> Subscriber:
        return Subscriber(
            name=self.name,
            wants=self.wants,
            handle=self.handle,
            on_link=self.on_link,
            queue_size=self.queue_size,
        )


@pytest.fixture
def registered_recorder() -> Iterator[Recorder]:
    recorder = Recorder({"Newchannel", "Hangup"})
    subscribers.register(recorder.subscriber)
    yield recorder
    subscribers.unregister(recorder.name)


def _sample(metric: str, server: str, subscriber: str) -> float:
    return REGISTRY.get_sample_value(metric, {"server": server, "subscriber": subscriber}) or 0.0


def test_the_apps_register_their_subscribers_in_ready() -> None:
    names = {subscriber.name for subscriber in subscribers.registered()}
    assert {"dialer.attempts", "wallboard.spies"} <= names


def test_live_imports_none_of_the_apps_that_subscribe() -> None:
    imported: set[str] = set()
    for path in LIVE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
    assert not {name for name in imported if name.startswith(("callcenter.dialer", "callcenter.wallboard"))}


async def test_a_registered_subscriber_gets_exactly_the_events_it_wants_in_order(
    ami_server: AMIServer, node: Any, s01_body: bytes, registered_recorder: Recorder
) -> None:
    async with running_bridge(node.name, ami_server.push) as running:
        await running.deliver(node.name, s01_body)
    expected = _events(s01_body, {"Newchannel", "Hangup"})
    assert len(expected) >= 4
    assert registered_recorder.got == expected
    # After the login the node's live state was rebuilt; then the bridge stopped.
    assert registered_recorder.links == [Link.CONNECTED, Link.RESYNCED, Link.DISCONNECTED]


async def test_a_slow_subscriber_delays_neither_the_live_state_nor_another_subscriber(
    ami_server: AMIServer, node: Any, s01_body: bytes
) -> None:
    slow = Recorder({"Newchannel", "Hangup"}, name="test.slow", release=asyncio.Event())
    fast = Recorder({"Newchannel", "Hangup"}, name="test.fast")
    async with running_bridge(
        node.name, ami_server.push, subscribers=[slow.subscriber, fast.subscriber]
    ) as running:
        bridge = running.bridge(node.name)
        ami_server.push(s01_body + SENTINEL)
        await asyncio.wait_for(running.probe.sentinel.wait(), 10)
        await bridge.drain()
        snapshot = await sync_to_async(read_snapshot)(node.name)
        assert [call["callid"] for call in snapshot["recent_calls"]] == [S01_CALL]
        await asyncio.wait_for(bridge.fanout.feed(fast.name).join(), 10)
        assert fast.got == _events(s01_body, {"Newchannel", "Hangup"})
        assert slow.got == []
        assert slow.release is not None
        slow.release.set()
        await bridge.subscribers_settled()
    assert slow.got == fast.got


async def test_a_full_queue_drops_its_oldest_events_and_counts_them(
    ami_server: AMIServer, node: Any, s01_body: bytes
) -> None:
    slow = Recorder({"Newchannel", "Hangup"}, name="test.small", release=asyncio.Event(), queue_size=3)
    before = _sample("cc_live_subscriber_dropped_total", node.name, slow.name)
    async with running_bridge(node.name, ami_server.push, subscribers=[slow.subscriber]) as running:
        bridge = running.bridge(node.name)
        ami_server.push(s01_body + SENTINEL)
        await asyncio.wait_for(running.probe.sentinel.wait(), 10)
        assert slow.release is not None
        slow.release.set()
        await bridge.subscribers_settled()
        dropped = bridge.fanout.feed(slow.name).dropped
    expected = _events(s01_body, {"Newchannel", "Hangup"})
    # The newest three always survive; whatever was dropped is counted.
    assert slow.got[-3:] == expected[-3:]
    assert dropped == len(expected) - len(slow.got) > 0
    assert _sample("cc_live_subscriber_dropped_total", node.name, slow.name) - before == dropped


async def test_a_failing_subscriber_is_counted_and_the_stream_goes_on(
    ami_server: AMIServer, node: Any, s01_body: bytes
) -> None:
    failing = Recorder({"Newchannel", "Hangup"}, name="test.failing", failing={"Newchannel"})
    before = _sample("cc_live_subscriber_errors_total", node.name, failing.name)
    async with running_bridge(node.name, ami_server.push, subscribers=[failing.subscriber]) as running:
        await running.deliver(node.name, s01_body)
        await running.bridge(node.name).drain()
        snapshot = await sync_to_async(read_snapshot)(node.name)
    new_channels = len(_events(s01_body, {"Newchannel"}))
    assert _sample("cc_live_subscriber_errors_total", node.name, failing.name) - before == new_channels
    assert failing.got == _events(s01_body, {"Hangup"})
    assert [call["callid"] for call in snapshot["recent_calls"]] == [S01_CALL]


async def test_a_sync_subscriber_runs_in_one_thread_of_its_own_in_order(
    ami_server: AMIServer, node: Any, s01_body: bytes
) -> None:
    seen: list[tuple[int, str, str]] = []

    def handle(server_name: str, message: Message) -> None:
        seen.append((threading.get_ident(), message.event or "", message.get("Uniqueid") or ""))

    sync = Subscriber(name="test.sync", wants=lambda m: m.event == "Hangup", handle=handle)
    async with running_bridge(node.name, ami_server.push, subscribers=[sync]) as running:
        await running.deliver(node.name, s01_body)
    threads = {thread for thread, _event, _uniqueid in seen}
    assert len(threads) == 1 and threading.get_ident() not in threads
    assert [(event, uniqueid) for _thread, event, uniqueid in seen] == _events(s01_body, {"Hangup"})
