"""The demo's background services, started beside the web server in one event loop."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

# Each starter receives the stop event and returns a coroutine that runs until it is set.
ServiceStarter = Callable[[asyncio.Event], Coroutine[Any, Any, None]]
SERVICES: list[ServiceStarter] = []


@contextlib.asynccontextmanager
async def demo_services(stop: asyncio.Event) -> AsyncIterator[None]:
    """Run every registered demo service until the block exits, then cancel them cleanly."""
    tasks: list[asyncio.Task[None]] = [asyncio.create_task(start(stop)) for start in SERVICES]
    try:
        yield
    finally:
        stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
