"""The dialer's subscriber of the AMI bridge: the events that settle attempts.

The bridge holds the only AMI event stream per node. For every event it calls ``wants(message)`` (cheap,
no I/O) and queues the few that may concern an attempt (OriginateResponse of the dialer's ActionIDs,
Hangup, Cdr, AgentConnect, the dialplan's ``Dialer*`` UserEvents) for this subscriber. ``handle`` runs
``actions.handle_event`` in the subscriber's own thread, one event at a time and in order (see
``callcenter.live.subscribers``). ``DialerConfig.ready`` registers ``SUBSCRIBER``.
"""

from __future__ import annotations

from callcenter.ami.protocol import Message
from callcenter.dialer import actions
from callcenter.live.subscribers import Subscriber

SUBSCRIBER_NAME = "dialer.attempts"
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


def handle(server_name: str, message: Message) -> None:
    """Apply one event to the attempts (synchronous: the bridge runs it in this subscriber's thread)."""
    actions.handle_event(message)


SUBSCRIBER = Subscriber(name=SUBSCRIBER_NAME, wants=wants, handle=handle)
