"""``channels.testing.WebsocketCommunicator``, importable with or without daphne installed.

``channels.testing/__init__`` also imports its live-server test case, which needs daphne; the WebSocket
communicator itself does not. Without daphne, the package's own ``application`` and ``websocket``
modules are loaded directly from channels' installed files (the same code, nothing re-implemented).
"""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path

try:
    from channels.testing import WebsocketCommunicator
except ModuleNotFoundError as missing:
    if missing.name != "daphne":
        raise
    import channels

    package = types.ModuleType("channels.testing")
    package.__path__ = [str(Path(channels.__file__).parent / "testing")]
    sys.modules["channels.testing"] = package
    WebsocketCommunicator = importlib.import_module("channels.testing.websocket").WebsocketCommunicator

__all__ = ["WebsocketCommunicator"]
