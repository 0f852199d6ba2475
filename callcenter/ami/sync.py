"""Synchronous helpers for Django code (views, actions.py, management commands, Celery tasks).

Each call opens a short-lived connection: connect, log in, run one action, log off. That costs a TCP
round trip and a login, which is fine for operator actions (pause, originate, reload); anything that needs
a stream of events uses the bridge's long-lived ``AMIClient`` instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from callcenter.ami.client import AMIClient
from callcenter.ami.protocol import Message

if TYPE_CHECKING:
    from callcenter.pbx.models import AsteriskServer


def client_for(server: AsteriskServer, **kwargs: Any) -> AMIClient:
    """An (unconnected) client for ``server``; keyword arguments override the client's defaults."""
    return AMIClient(
        server.ami_host,
        server.ami_port,
        server.ami_username,
        server.get_ami_secret(),
        name=server.name,
        **kwargs,
    )


async def _call_once(
    server: AsteriskServer, name: str, headers: Mapping[str, str] | None, timeout: float
) -> Message:
    client = client_for(server, action_timeout=timeout, ping_interval=0, reconnect=False)
    try:
        await client.connect()
        return await client.action(name, headers, timeout=timeout)
    finally:
        await client.close()


def call_action(
    server: AsteriskServer, name: str, headers: Mapping[str, str] | None = None, *, timeout: float = 10.0
) -> Message:
    """Run one action on ``server`` and return the response.

    Raises ``AMIAuthenticationError``, ``AMIActionError`` (``Response: Error``), ``AMITimeout``,
    ``AMIConnectionLost`` or ``OSError`` (cannot connect). Must be called from synchronous code: inside a
    running event loop, use ``AMIClient`` directly (or wrap this in ``asgiref.sync.sync_to_async``).
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_call_once(server, name, headers, timeout))
    raise RuntimeError("call_action() is synchronous; use AMIClient.action() inside an event loop")
