"""Synchronous helpers for Django code (views, actions.py, management commands, Celery tasks).

Each call opens a short-lived, action-only connection: connect, log in with ``Events: off``, run one
action, log off. That costs a TCP round trip and a login, which is fine for operator actions (pause,
originate, reload). Asterisk sends such a session no events, so it is never a second event stream: the
bridge's long-lived ``AMIClient`` is the only one per node, and whoever needs events (the dialer, the spy
sessions, trunk alarms) subscribes to the bridge (``callcenter.live.subscribers``).

The guarantees are the client's: an action is sent once and never re-sent after a reconnect (there is
none: ``reconnect=False``), every action has a timeout (``AMITimeout``), and a failure is a typed
``AMIError`` (or ``OSError`` when the node cannot be reached).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from callcenter.ami.message import Message
from callcenter.ami.nodes import AsteriskNode, client_for

__all__ = ["AsteriskNode", "call_action", "client_for"]


async def _call_once(
    server: AsteriskNode, name: str, headers: Mapping[str, str] | None, timeout: float
) -> Message:
    client = client_for(server, action_timeout=timeout, ping_interval=0, reconnect=False)
    try:
        await client.connect()
        return await client.action(name, headers, timeout=timeout)
    finally:
        await client.close()


def call_action(
    server: AsteriskNode, name: str, headers: Mapping[str, str] | None = None, *, timeout: float = 10.0
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
