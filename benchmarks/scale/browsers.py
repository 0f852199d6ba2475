"""The browsers' process: wallboards on WebSocket connections, reporting what frames they saw."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from typing import Any, TypedDict

from benchmarks.wallboard_latency.client import Client

# A board that cannot open its connection tries again, as the page does.
CONNECT_ATTEMPTS = 3
OPEN_TIMEOUT_S = 60.0


class BrowserReport(TypedDict):
    clients: int
    seen: list[dict[str, float]]  # per client: probe reason -> perf_counter when its frame was parsed
    frames: int  # received during the measured run
    bytes: int  # text received during the measured run
    snapshots: int
    consistent: int
    errors: list[str]  # why boards lost their connection (one line each)


class BrowsersReady(TypedDict):
    boards: int  # boards that have their snapshot
    errors: list[str]  # why the others failed
    connect_s: list[float]  # per board: from opening the connection to its first snapshot parsed


def _failure(task: asyncio.Task[None]) -> str | None:
    if not task.done() or task.cancelled() or task.exception() is None:
        return None
    return repr(task.exception())[:300]


class Board(Client):
    """A wallboard in a browser (the wallboard benchmark's client) that, like the page, tries again when
    the connection cannot be opened, and notes how long it took to show its first snapshot."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.connect_s: float | None = None

    def apply(self, frame: dict[str, Any], received: float) -> None:
        super().apply(frame, received)
        if self.connect_s is None and frame["type"] == "snapshot":
            self.connect_s = received - self.started

    async def run(self, url: str, cookie: str, origin: str, stop: asyncio.Event) -> None:
        import websockets
        from websockets.typing import Origin

        self.started = time.perf_counter()
        for attempt in range(CONNECT_ATTEMPTS):
            try:
                async with websockets.connect(
                    url,
                    additional_headers={"Cookie": cookie},
                    origin=Origin(origin),
                    max_size=None,
                    open_timeout=OPEN_TIMEOUT_S,
                    # Browsers do not ping; a client that did would close its boards whenever parsing
                    # snapshots keeps its own event loop from reading the pong in time.
                    ping_interval=None,
                ) as socket_:
                    await self.receive(socket_, stop)
                    return
            except (TimeoutError, OSError):
                if self.snapshots or attempt == CONNECT_ATTEMPTS - 1:
                    raise


async def run_browsers_role(urls: list[str], cookie: str, interval: float) -> None:
    stop = asyncio.Event()
    clients = [Board(number) for number in range(len(urls))]
    tasks: list[asyncio.Task[None]] = []
    for client, url in zip(clients, urls, strict=True):
        origin = "http://" + url.split("://", 1)[1].split("/", 1)[0]
        tasks.append(asyncio.create_task(client.run(url, cookie, origin, stop)))
        await asyncio.sleep(interval)  # not all at once: each connection reads and sends a full snapshot

    async def settled(client: Any, task: asyncio.Task[None]) -> None:
        """Until the board has its snapshot or its connection failed."""
        snapshot = asyncio.create_task(client.snapshot_event.wait())
        await asyncio.wait({snapshot, task}, return_when=asyncio.FIRST_COMPLETED)
        snapshot.cancel()

    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(
            asyncio.gather(*(settled(client, task) for client, task in zip(clients, tasks, strict=True))), 300
        )
    errors = [error for task in tasks if (error := _failure(task))]
    ready = BrowsersReady(
        boards=sum(client.snapshot_event.is_set() for client in clients),
        errors=errors,
        connect_s=[client.connect_s for client in clients if client.connect_s is not None],
    )
    print(json.dumps({"ready": ready}), flush=True)
    # "start": the measured run begins (count frames from here); then the final state to wait for.
    command = await asyncio.to_thread(sys.stdin.readline)
    frames_before = sum(client.frames for client in clients)
    bytes_before = sum(client.bytes for client in clients)
    if command.strip() == "start":
        command = await asyncio.to_thread(sys.stdin.readline)
    frames = sum(client.frames for client in clients) - frames_before
    received = sum(client.bytes for client in clients) - bytes_before
    final: dict[str, str] = json.loads(command or "{}")

    deadline = time.perf_counter() + 15
    while time.perf_counter() < deadline and not all(client.shows(final) for client in clients):
        await asyncio.sleep(0.05)
    report = BrowserReport(
        clients=len(clients),
        seen=[client.seen for client in clients],
        frames=frames,
        bytes=received,
        snapshots=sum(client.snapshots for client in clients),
        consistent=sum(client.shows(final) for client in clients),
        errors=[error for task in tasks if (error := _failure(task))],
    )
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(json.dumps({"report": report}), flush=True)
