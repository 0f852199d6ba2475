"""The harness's AMI server on an event loop of its own, in a thread, for code under test that is
synchronous and opens its own connection (``callcenter.ami.sync`` runs ``asyncio.run``)."""

from __future__ import annotations

import asyncio
import queue
import threading
from typing import Generic, TypeVar

from callcenter.ami.protocol import Message
from tests.harness.ami import AMIServer, Behaviour

B = TypeVar("B", bound=Behaviour)


class BackgroundAMI(Generic[B]):
    """A listening AMI server on 127.0.0.1 answering as ``behaviour`` scripts it; a context manager."""

    def __init__(self, behaviour: B, server: AMIServer | None = None) -> None:
        self.behaviour = behaviour
        self.server = server or AMIServer()
        self.server.install(behaviour)
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def start(self) -> int:
        self._thread.start()
        self.port = asyncio.run_coroutine_threadsafe(self.server.start(), self._loop).result(5)
        return self.port

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    def __enter__(self) -> BackgroundAMI[B]:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def history(self) -> list[Message]:
        """Every action received, in order (Login and Logoff included)."""
        return self.server.history

    def named(self, action: str) -> list[Message]:
        """The actions of that name received so far."""
        return self.server.named(action)

    def next_action(self, name: str, timeout: float = 5.0) -> Message:
        """The next action of that name the server received (Login, Logoff and others skipped)."""
        while True:
            message = self.server.inbox.get(timeout=timeout)
            if (message.get("Action") or "").lower() == name.lower():
                return message

    @property
    def actions(self) -> queue.Queue[Message]:
        """Every action received and not yet taken, to wait on (``get``) or to check for none (``empty``)."""
        return self.server.inbox

    def push(self, data: bytes) -> None:
        """Send raw bytes (a recorded transcript, say) to every logged-in connection."""
        self._loop.call_soon_threadsafe(self.server.push, data)
