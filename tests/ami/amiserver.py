"""A real local AMI server for tests: asyncio TCP on 127.0.0.1, port 0, scripted per test.

It speaks the wire format exactly as the recordings show: the banner line, ``Response:`` frames echoing
the ActionID, ``Authentication failed`` followed by closing the socket, and ``Goodbye`` on Logoff.
Tests script it with per-action handlers, push raw bytes (a recorded transcript) to the connected
clients, cut connections, or freeze them (stop reading and answering, socket left open) to play a
half-open peer.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

from callcenter.ami.protocol import FrameParser, Message

BANNER = b"Asterisk Call Manager/11.0.0\r\n"

Handler = Callable[["Connection", Message], bytes | None]


def response(action_id: str | None, status: str = "Success", **headers: str) -> bytes:
    """A response frame with the given ActionID and headers, in the order given."""
    lines = [f"Response: {status}", f"ActionID: {action_id or ''}"]
    lines += [f"{key}: {value}" for key, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


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


class AMITestServer:
    """A scripted AMI server. ``handlers`` maps an action name to a function returning the bytes to send
    (``None``: send nothing, so the client's action times out)."""

    # The recordings' dummy credentials (README of the fixtures): nothing secret.
    def __init__(self, username: str = "ccadmin", secret: str = "ccadmin-dummy-secret") -> None:  # noqa: S107
        self.username = username
        self.secret = secret
        self.handlers: dict[str, Handler] = {}
        self.after_login: bytes = b""
        self.connections: list[Connection] = []
        self.logins: asyncio.Queue[Connection] = asyncio.Queue()
        self.received: asyncio.Queue[tuple[Connection, Message]] = asyncio.Queue()
        self.closed: asyncio.Queue[Connection] = asyncio.Queue()
        self._server: asyncio.Server | None = None
        self.port = 0

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
                    if not self._handle(connection, message):
                        return
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()
            await self.closed.put(connection)

    def _handle(self, connection: Connection, message: Message) -> bool:
        name = message.get("Action") or ""
        action_id = message.action_id
        connection.actions.append(message)
        self.received.put_nowait((connection, message))
        if name.lower() == "login":
            if message.get("Username") == self.username and message.get("Secret") == self.secret:
                connection.logged_in = True
                connection.send(response(action_id, Message="Authentication accepted"))
                connection.send(self.after_login)
                self.logins.put_nowait(connection)
                return True
            connection.send(response(action_id, "Error", Message="Authentication failed"))
            connection.writer.close()
            return False
        if not connection.logged_in:
            connection.send(response(action_id, "Error", Message="Permission denied"))
            return True
        handler = self.handlers.get(name)
        if handler is not None:
            data = handler(connection, message)
            if data:
                connection.send(data)
            return True
        if name == "Ping":
            connection.send(response(action_id, Ping="Pong", Timestamp="1795355836.415260"))
        elif name == "Logoff":
            connection.send(response(action_id, "Goodbye", Message="Thanks for all the fish."))
            connection.writer.close()
            return False
        else:
            connection.send(
                response(
                    action_id,
                    "Error",
                    Message=f"Invalid/unknown command: {name}. Use Action: ListCommands to show available commands.",
                )
            )
        return True


def replace_action_id(raw: bytes, old: str, new: str) -> bytes:
    """Recorded frames answer the recorded ActionID; re-address them to the client's ActionID."""
    return raw.replace(f"ActionID: {old}\r\n".encode(), f"ActionID: {new}\r\n".encode())


def recorded_frames(raw: bytes, action_id: str) -> bytes:
    """Every recorded frame (response and list events) carrying ``action_id``, in order, as bytes."""
    parser = FrameParser()
    frames = [m for m in parser.feed(raw) if m.action_id == action_id]
    return b"".join(frame.encode() for frame in frames)


def transcript_body(raw: bytes) -> bytes:
    """A recorded session without its banner, Login response and final Goodbye: what a live server
    would push to a client after login."""
    parser = FrameParser()
    messages = parser.feed(raw)
    kept = [
        m
        for m in messages
        if not (m.response in ("Goodbye",) or m.get("Message") == "Authentication accepted")
    ]
    return b"".join(m.encode() for m in kept)


def empty_list(action_id: str | None, complete_event: str) -> bytes:
    """A list action answered with no items."""
    return (
        response(action_id, Message="List follows", EventList="start")
        + (
            f"Event: {complete_event}\r\nActionID: {action_id or ''}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n"
        ).encode()
    )
