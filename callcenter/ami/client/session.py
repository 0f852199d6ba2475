"""``AMIClient``: the public API of a connection to one Asterisk node (actions, listeners, staying up)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from callcenter.ami.client.backoff import Backoff
from callcenter.ami.client.connection import Connection
from callcenter.ami.client.listeners import ConnectListener, DisconnectListener, EventListener
from callcenter.ami.client.reconnect import stay_connected
from callcenter.ami.protocol import Message


class AMIClient(Connection):
    """One AMI connection to one Asterisk node (see ``callcenter.ami.client`` for the guarantees)."""

    def add_event_listener(self, callback: EventListener) -> None:
        """Called synchronously, in order, for every event that is not part of one of our list actions."""
        self._listeners.events.append(callback)

    def add_connect_listener(self, callback: ConnectListener) -> None:
        """Awaited after each successful login (first connect and every reconnect)."""
        self._listeners.connects.append(callback)

    def add_disconnect_listener(self, callback: DisconnectListener) -> None:
        """Called when an established connection ends; the argument is the cause (None on a clean close)."""
        self._listeners.disconnects.append(callback)

    async def action(
        self,
        name: str,
        headers: Mapping[str, str] | None = None,
        *,
        timeout: float | None = None,
        action_id: str | None = None,
    ) -> Message:
        """Send one action and return its response; ``AMIActionError`` on ``Response: Error``."""
        response, _ = await self._send(name, headers, timeout, False, action_id=action_id)
        return response

    async def action_list(
        self, name: str, headers: Mapping[str, str] | None = None, *, timeout: float | None = None
    ) -> tuple[Message, list[Message]]:
        """Send a list action (QueueStatus, CoreShowChannels, Status...): the response and its events,
        up to the ``EventList: Complete`` event, which is not included."""
        return await self._send(name, headers, timeout, True)

    async def run(self, stop: asyncio.Event) -> None:
        """Stay connected until ``stop`` is set: reconnect with exponential back-off and full jitter."""
        await stay_connected(self, stop, Backoff(self.backoff_initial, self.backoff_max))
