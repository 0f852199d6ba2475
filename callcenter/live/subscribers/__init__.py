"""Subscribers of the bridge: every reader of AMI events besides the live state, on the bridge's connection
(registration: ``callcenter.live.subscribers.registry``; delivery: ``callcenter.live.subscribers.feed``)."""

from callcenter.live.subscribers.feed import STOP_TIMEOUT, Fanout, SubscriberFeed
from callcenter.live.subscribers.registry import (
    DEFAULT_QUEUE_SIZE,
    EventHandler,
    Link,
    LinkHandler,
    LinkNotice,
    Subscriber,
    register,
    registered,
    unregister,
)

__all__ = [
    "DEFAULT_QUEUE_SIZE",
    "STOP_TIMEOUT",
    "EventHandler",
    "Fanout",
    "Link",
    "LinkHandler",
    "LinkNotice",
    "Subscriber",
    "SubscriberFeed",
    "register",
    "registered",
    "unregister",
]
