"""Channels, bridges and the header blocks Asterisk 22 puts in every channel event.

A channel snapshot is always the same 14 headers (Channel ... Linkedid); events about two channels repeat
the block with a prefix (``Dest``, ``LocalOne``/``LocalTwo``, ``Spyer``/``Spyee``), exactly as the recordings show.
"""

from callcenter.simulator.channels.bridge import Bridge
from callcenter.simulator.channels.channel import Channel
from callcenter.simulator.channels.headers import Headers, snapshot
from callcenter.simulator.channels.states import (
    CAUSE_TEXT,
    STATE_BUSY,
    STATE_DESC,
    STATE_DOWN,
    STATE_RING,
    STATE_RINGING,
    STATE_UP,
    UNKNOWN,
)

__all__ = [
    "CAUSE_TEXT",
    "STATE_BUSY",
    "STATE_DESC",
    "STATE_DOWN",
    "STATE_RING",
    "STATE_RINGING",
    "STATE_UP",
    "UNKNOWN",
    "Bridge",
    "Channel",
    "Headers",
    "snapshot",
]
