"""Subscribers of the bridge: every reader of AMI events besides the live state, on the bridge's connection.

The bridge holds the only AMI event stream per node. Apps that need events (the dialer's attempts, the
wallboard's spy sessions and trunk alarms) do not log in themselves: each registers a ``Subscriber`` in
its own ``AppConfig.ready()``. This module is the registration point, so ``live`` imports none of them.

A subscriber has a ``name``, a cheap ``wants(message)`` filter (called on the bridge's reader, for every
event, after the live-state reducer: no I/O there), and ``handle(server_name, message)``, async or sync.
Optionally ``on_link(notice)`` hears about the node's link: ``connected`` after every login, ``resynced``
after every rebuild of the live state (after a login, after a reload), ``disconnected`` when the link
drops. Notices travel in the same queue as the events, so they keep their place in the order.

Delivery, per subscriber and per node:

* one bounded ``asyncio.Queue`` and one task that hands its items over one at a time, in order. A slow
  subscriber never delays the reducer, the publisher or another subscriber: only its own queue grows.
* an async ``handle`` is awaited on the bridge's event loop; a sync one runs in a thread of its own (one
  per subscriber and node, through ``sync_to_async``), one call at a time, so it may use the database
  and still sees the events in order. Its database connections are closed when the bridge stops.
* an exception in ``wants``, ``handle`` or ``on_link`` is logged and counted
  (``cc_live_subscriber_errors_total``); the item is skipped and the stream goes on.
* **a full queue drops its oldest item** to make room for the new one, counted in
  ``cc_live_subscriber_dropped_total`` and logged. Blocking instead would stop the one reader of the
  node's socket, and with it the live state and every other subscriber. Each subscriber has its own way
  to recover from a lost event: the dialer's ``settle_unknown`` closes attempts left in flight, a spy
  session without its end is dropped from the board after ``STALE_AFTER``, and the next qualify event
  corrects a trunk alarm.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from callcenter.ami.protocol import Message

DEFAULT_QUEUE_SIZE = 10_000


class Link(StrEnum):
    """What happened to a node's AMI link."""

    CONNECTED = "connected"  # logged in; events flow from here on (the live state is not rebuilt yet)
    RESYNCED = "resynced"  # the live state was rebuilt from QueueStatus and CoreShowChannels
    DISCONNECTED = "disconnected"  # the link dropped; events may be missed until the next login


@dataclass(frozen=True)
class LinkNotice:
    """A change of one node's link, handed to ``Subscriber.on_link`` in order with the events."""

    server: str
    link: Link


# A handler may be a coroutine function (awaited on the event loop) or a plain function (run in the
# subscriber's own thread); its result is ignored.
EventHandler = Callable[[str, Message], object]
LinkHandler = Callable[[LinkNotice], object]


@dataclass(frozen=True)
class Subscriber:
    """One consumer of the bridge's events (see the module docstring)."""

    name: str
    wants: Callable[[Message], bool]
    handle: EventHandler
    on_link: LinkHandler | None = None
    queue_size: int = DEFAULT_QUEUE_SIZE


_registry: dict[str, Subscriber] = {}


def register(subscriber: Subscriber) -> None:
    """Add (or replace, by name) a subscriber; bridges started afterwards feed it."""
    _registry[subscriber.name] = subscriber


def unregister(name: str) -> None:
    _registry.pop(name, None)


def registered() -> tuple[Subscriber, ...]:
    """The registered subscribers, in registration order."""
    return tuple(_registry.values())
