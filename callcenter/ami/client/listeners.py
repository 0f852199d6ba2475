"""Who hears about a connection: event listeners, connect listeners and disconnect listeners."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from callcenter.ami.errors import AMIError
from callcenter.ami.message import Message

logger = logging.getLogger(__name__)

EventListener = Callable[[Message], None]
ConnectListener = Callable[[], Awaitable[None]]
DisconnectListener = Callable[[Exception | None], None]


@dataclass
class Listeners:
    """The callbacks of one client; a failing listener is logged and never stops the others."""

    server: str
    events: list[EventListener] = field(default_factory=list)
    connects: list[ConnectListener] = field(default_factory=list)
    disconnects: list[DisconnectListener] = field(default_factory=list)

    def event(self, message: Message) -> None:
        """Call every event listener, in order."""
        for listener in self.events:
            try:
                listener(message)
            except Exception:
                logger.exception(
                    "event=ami_listener_error server=%s ami_event=%s", self.server, message.event
                )

    async def connected(self) -> None:
        """Await every connect listener; an ``AMIError`` (a resync that could not finish) propagates."""
        for listener in self.connects:
            try:
                await listener()
            except AMIError:
                raise
            except Exception:
                logger.exception("event=ami_connect_listener_error server=%s", self.server)

    def disconnected(self, cause: Exception | None) -> None:
        """Call every disconnect listener with the cause of the drop (None on a clean close)."""
        for listener in self.disconnects:
            try:
                listener(cause)
            except Exception:
                logger.exception("event=ami_listener_error server=%s", self.server)
