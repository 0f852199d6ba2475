"""Staying connected: reconnect with exponential back-off and full jitter until asked to stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol

from callcenter.ami.client.backoff import Backoff
from callcenter.ami.errors import AMIAuthenticationError, AMIError

logger = logging.getLogger(__name__)


class Reconnectable(Protocol):
    name: str
    reconnect: bool

    @property
    def closed(self) -> bool: ...

    @property
    def lost(self) -> asyncio.Event | None:
        """Set when the current connection ends."""

    async def connect(self) -> None: ...

    async def close(self) -> None: ...


async def stay_connected(session: Reconnectable, stop: asyncio.Event, backoff: Backoff) -> None:
    """Connect, wait for the connection to be lost, wait a back-off delay and start over, until ``stop``
    is set (or the session is closed, or it does not reconnect); the session is closed at the end."""
    stop_wait = asyncio.create_task(stop.wait())
    try:
        while not stop.is_set() and not session.closed:
            try:
                await session.connect()
                backoff.reset()
                lost = session.lost
                if lost is not None:
                    lost_wait = asyncio.create_task(lost.wait())
                    await asyncio.wait({stop_wait, lost_wait}, return_when=asyncio.FIRST_COMPLETED)
                    lost_wait.cancel()
            except AMIAuthenticationError as exc:
                logger.error("event=ami_auth_failed server=%s error=%r", session.name, str(exc))
            except (TimeoutError, OSError, AMIError) as exc:
                logger.warning("event=ami_connect_failed server=%s error=%r", session.name, str(exc))
            if stop.is_set() or session.closed or not session.reconnect:
                break
            delay = backoff.next_delay()
            logger.info("event=ami_reconnect_wait server=%s delay_s=%.3f", session.name, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(stop_wait), timeout=delay)
    finally:
        stop_wait.cancel()
        await session.close()
