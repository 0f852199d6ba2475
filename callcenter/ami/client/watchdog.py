"""The read-idle watchdog: how a half-open TCP connection or a frozen peer is detected.

After ``interval`` seconds without a byte from the peer a Ping is sent; when neither its answer nor any
other byte arrives within ``timeout`` the peer is declared silent. The Ping is a new action each time;
nothing is re-sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from callcenter.ami.errors import AMIError, AMITimeout


async def wait_for_silence(
    interval: float,
    timeout: float,
    last_read: Callable[[], float],
    ping: Callable[[float], Awaitable[object]],
) -> bool:
    """Return True once the peer stays silent through a Ping, False when a Ping fails otherwise (the
    connection is already gone). ``last_read`` gives the loop time of the last bytes read."""
    loop = asyncio.get_running_loop()
    while True:
        idle = loop.time() - last_read()
        if idle < interval:
            await asyncio.sleep(interval - idle)
            continue
        sent_at = loop.time()
        try:
            await ping(timeout)
        except AMITimeout:
            if last_read() > sent_at:
                # Bytes came meanwhile (a long list ahead of the answer): the peer is alive.
                continue
            return True
        except AMIError:
            return False
