"""Waiting on a state that sends no event (a Redis key, a row): poll it, with a bound."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

POLL_S = 0.02


async def until(condition: Callable[[], bool], limit: float, *, in_thread: bool = True) -> float:
    """Seconds until ``condition()`` holds (read in a thread when it reads Redis or the database); fails with
    ``TimeoutError`` after ``limit`` seconds."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with asyncio.timeout(limit):
        while not (await asyncio.to_thread(condition) if in_thread else condition()):
            await asyncio.sleep(POLL_S)
    return loop.time() - started
