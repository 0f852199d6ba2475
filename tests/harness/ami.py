"""A real local AMI server for tests: asyncio TCP on 127.0.0.1, port 0, scripted per test.

It speaks the wire format exactly as the recordings show: the banner line, ``Response:`` frames echoing
the ActionID, ``Authentication failed`` followed by closing the socket, and ``Goodbye`` on Logoff.
Tests script it with per-action handlers (or install a behaviour from this package), push raw bytes (a
recorded transcript) to the connected clients, cut connections, or freeze them (stop reading and
answering, socket left open) to play a half-open peer. Every action received is recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from callcenter.ami.protocol import FrameParser, Message
from tests.harness.frames import BANNER, response

Handler = Callable[["Connection", Message], bytes | None]

# The recordings' dummy credentials (README of the fixtures): nothing secret.
USERNAME = "ccadmin"
SECRET = "ccadmin-dummy-secret"


class Behaviour(Protocol):
    """A scripted part of Asterisk (queues, AstDB, Originate, reloads) that answers some actions."""

    def install(self, server: AMIServer) -> None: ...


@dataclass
class Connection:
    """One accepted client connection."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    number: int
    actions: list[Message] = field(default_factory=list)
    logged_in: bool = False
    frozen: bool = False

    def send(self, data: bytes) -> None:
        if not self.writer.is_closing():
            self.writer.write(data)

    def close(self) -> None:
        """Close the socket after what was sent, as Asterisk does on Logoff or a refused login."""
        self.writer.close()


class AMIServer:
    """A scripted AMI server. ``handlers`` maps an action name (any case) to a function returning the bytes
    to send (``None``: send nothing, so the client's action times out)."""

    def __init__(self, username: str = USERNAME, secret: str = SECRET) -> None:
        self.username = username
        self.secret = secret
        self.handlers: dict[str, Handler] = {}
        self.after_login: bytes = b""
        self.connections: list[Connection] = []
        self.logins: asyncio.Queue[Connection] = asyncio.Queue()
        self.received: asyncio.Queue[tuple[Connection, Message]] = asyncio.Queue()
        self.closed: asyncio.Queue[Connection] = asyncio.Queue()
        # Every action received, in order: a list to read and a queue to wait on from any thread.
        self.history: list[Message] = []
        self.inbox: queue.Queue[Message] = queue.Queue()
        self._server: asyncio.Server | None = None
        self.port = 0

    def install(self, *behaviours: Behaviour) -> None:
        """Let each behaviour register its handlers; a later one wins for an action both answer."""
        for behaviour in behaviours:
            behaviour.install(self)

    def named(self, action: str) -> list[Message]:
        """The actions of that name received so far, in order."""
        return [m for m in list(self.history) if (m.get("Action") or "").lower() == action.lower()]

    async def start(self, port: int = 0) -> int:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        for connection in self.connections:
            connection.writer.transport.abort()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    @property
    def current(self) -> Connection:
        return self.connections[-1]

    def push(self, data: bytes) -> None:
        """Send raw bytes to every live, logged-in connection."""
        for connection in self.connections:
            if connection.logged_in:
                connection.send(data)

    def cut(self) -> None:
        """Drop every connection at once (RST), as a crash or a network cut does."""
        for connection in self.connections:
            connection.writer.transport.abort()

    def freeze(self) -> None:
        """Stop reading and answering on every connection but keep the sockets open (a half-open peer)."""
        for connection in self.connections:
            connection.frozen = True

    def _handler(self, name: str) -> Handler | None:
        for action, handler in self.handlers.items():
            if action.lower() == name.lower():
                return handler
        return None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connection = Connection(reader, writer, len(self.connections) + 1)
        self.connections.append(connection)
        writer.write(BANNER)
        parser = FrameParser(expect_banner=False)
        try:
            while not writer.is_closing():
                data = await reader.read(65536)
                if not data:
                    break
                if connection.frozen:
                    continue
                for message in parser.feed(data):
                    self._handle(connection, message)
                    if writer.is_closing():
                        return
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()
            await self.closed.put(connection)

    def _handle(self, connection: Connection, message: Message) -> None:
        name = message.get("Action") or ""
        action_id = message.action_id
        connection.actions.append(message)
        self.history.append(message)
        self.inbox.put(message)
        self.received.put_nowait((connection, message))
        if name.lower() == "login":
            if message.get("Username") == self.username and message.get("Secret") == self.secret:
                connection.logged_in = True
                connection.send(response(action_id, Message="Authentication accepted"))
                connection.send(self.after_login)
                self.logins.put_nowait(connection)
                return
            connection.send(response(action_id, "Error", Message="Authentication failed"))
            connection.close()
            return
        if not connection.logged_in:
            connection.send(response(action_id, "Error", Message="Permission denied"))
            return
        handler = self._handler(name)
        if handler is not None:
            data = handler(connection, message)
            if data:
                connection.send(data)
        elif name.lower() == "ping":
            connection.send(response(action_id, Ping="Pong", Timestamp="1795355836.415260"))
        elif name.lower() == "logoff":
            connection.send(response(action_id, "Goodbye", Message="Thanks for all the fish."))
            connection.close()
        else:
            connection.send(
                response(
                    action_id,
                    "Error",
                    Message=f"Invalid/unknown command: {name}. Use Action: ListCommands to show available commands.",
                )
            )
