"""An asyncio AMI client: login, ActionID correlation, event lists, timeouts, keep-alive and reconnect.

Guarantees that the rest of the project relies on:

* an action that is pending when the connection drops fails with ``AMIConnectionLost`` and is never
  re-sent (an Originate must not dial twice; the caller decides what to do);
* every action has a timeout (``AMITimeout``); the pending entry is forgotten so a late answer is dropped;
* a read-idle watchdog: after ``ping_interval`` seconds without a byte from the peer a Ping is sent, and
  when neither its answer nor any other byte arrives within ``ping_timeout`` the connection is dropped.
  That is how a half-open TCP connection (peer gone, no RST) or a frozen peer is detected, within
  ``ping_interval + ping_timeout`` of its last byte. The Ping is a new action each time; nothing is
  re-sent;
* reconnect with exponential back-off and full jitter, and connect listeners run after every login
  (the bridge resynchronises its live state there);
* ``events=False`` logs in with ``Events: off``: an action-only session, to which Asterisk sends no
  events at all. Only the bridge logs in with events on (one event stream per node, docs/ami.md).

Where each part lives: ``connection`` (socket lifecycle), ``reading`` (framing reads), ``correlation``
(ActionID matching), ``pending`` (one action awaiting its answer), ``exchange`` (one action on the wire),
``listeners`` (event dispatch), ``watchdog`` (keep-alive), ``reconnect`` and ``backoff`` (staying
connected), ``session`` (the public ``AMIClient``).
"""

from callcenter.ami.client.connection import LatencyObserver
from callcenter.ami.client.listeners import ConnectListener, DisconnectListener, EventListener
from callcenter.ami.client.session import AMIClient

__all__ = ["AMIClient", "ConnectListener", "DisconnectListener", "EventListener", "LatencyObserver"]
