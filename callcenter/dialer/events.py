"""Feeding AMI events to the dialer from the bridge's event loop.

The bridge calls ``wants(message)`` for every event (cheap, no I/O) and hands the few that matter to
``handle(message)``, which runs the database work in Django's sync thread so the event loop never blocks.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async

from callcenter.ami.protocol import Message
from callcenter.dialer import actions
from callcenter.dialer.models import Attempt

DIALER_EVENTS = frozenset({"originateresponse", "hangup", "cdr", "agentconnect", "userevent"})


def wants(message: Message) -> bool:
    """Whether an event may concern a dialer attempt."""
    event = (message.event or "").lower()
    if event not in DIALER_EVENTS:
        return False
    if event == "originateresponse":
        return (message.action_id or "").startswith(actions.ACTION_ID_PREFIX)
    if event == "userevent":
        return (message.get("UserEvent") or "").startswith("Dialer")
    return True


def _handle(message: Message) -> Attempt | None:
    return actions.handle_event(message)


# One worker thread with one database connection, as Django runs all thread-sensitive sync code.
handle = sync_to_async(_handle, thread_sensitive=True)
