"""One AMI connection's lifecycle: open and log in, read, watch for silence, drop and close."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping

from callcenter.ami.client.correlation import PendingActions
from callcenter.ami.client.exchange import exchange
from callcenter.ami.client.listeners import Listeners
from callcenter.ami.client.pending import Result
from callcenter.ami.client.reading import read_until_lost
from callcenter.ami.client.watchdog import wait_for_silence
from callcenter.ami.errors import AMIActionError, AMIAuthenticationError, AMIConnectionLost, AMIError
from callcenter.ami.protocol import FrameParser, Message

logger = logging.getLogger(__name__)
LatencyObserver = Callable[[str, float], None]


class Connection:
    """The socket to one Asterisk node and what runs on it; ``AMIClient`` adds the public API."""

    def __init__(
        self,
        host: str,
        port: int,
        username: str,
        secret: str,
        *,
        name: str = "",
        action_timeout: float = 10.0,
        ping_interval: float = 2.0,
        ping_timeout: float = 2.0,
        reconnect: bool = True,
        backoff_initial: float = 0.5,
        backoff_max: float = 30.0,
        max_frame_bytes: int = 4 * 1024 * 1024,
        events: bool = True,
    ) -> None:
        self.host = host
        self.port = port
        self.username = username
        self._secret = secret
        self.name = name or f"{host}:{port}"
        self.action_timeout = action_timeout
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self.reconnect = reconnect
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.max_frame_bytes = max_frame_bytes
        self.events = events
        self.banner: str | None = None
        self.latency_observer: LatencyObserver | None = None
        self.connect_count = 0
        self.events_received = 0
        self.malformed_frames = 0
        self.pings_timed_out = 0
        self._listeners = Listeners(self.name)
        self._pending = PendingActions(self.name)
        self._writer: asyncio.StreamWriter | None = None
        self._reader_task: asyncio.Task[None] | None = None
        self._ping_task: asyncio.Task[None] | None = None
        self._lost: asyncio.Event | None = None
        self._last_read = 0.0  # loop.time() of the last bytes read from the peer
        self._logged_in = False
        self._closed = False

    @property
    def connected(self) -> bool:
        """True while logged in on a live connection."""
        return self._logged_in and self._writer is not None and not self._writer.is_closing()

    @property
    def closed(self) -> bool:
        """True once ``close`` was called: the client does not reconnect any more."""
        return self._closed

    @property
    def lost(self) -> asyncio.Event | None:
        """Set when the current connection ends (None before the first connect)."""
        return self._lost

    async def connect(self) -> None:
        """Open the socket and log in; raises ``AMIAuthenticationError`` or ``OSError``/``AMIError``."""
        if self._writer is not None:
            await self._drop(None)
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port), timeout=self.action_timeout
        )
        self._writer = writer
        self._lost = asyncio.Event()
        self._last_read = asyncio.get_running_loop().time()
        parser = FrameParser(max_frame_bytes=self.max_frame_bytes)
        self._reader_task = asyncio.create_task(self._read_loop(reader, parser), name=f"ami-read-{self.name}")
        try:
            login = {
                "Username": self.username,
                "Secret": self._secret,
                "Events": "on" if self.events else "off",
            }
            await self._send("Login", login, None, False, True)
        except AMIActionError as exc:
            await self._drop(None)
            raise AMIAuthenticationError(f"{self.name}: {exc.message or 'login refused'}") from exc
        except BaseException:
            await self._drop(None)
            raise
        self.banner = parser.banner
        self._logged_in = True
        self.connect_count += 1
        logger.info("event=ami_connected server=%s banner=%r", self.name, self.banner)
        if self.ping_interval > 0:
            self._ping_task = asyncio.create_task(self._watch(), name=f"ami-ping-{self.name}")
        try:
            await self._listeners.connected()
        except AMIError as exc:
            # A resync that cannot finish leaves stale state behind: start over on a new connection.
            await self._drop(exc)
            raise

    async def close(self) -> None:
        """Log off politely if connected, then close the socket; pending actions fail."""
        self._closed = True
        if self.connected:
            with contextlib.suppress(AMIError, OSError, TimeoutError):
                await self._send("Logoff", {}, min(self.action_timeout, 2.0), False, False)
        await self._drop(None)

    async def _drop(self, cause: Exception | None) -> None:
        """Tear down the current connection (idempotent)."""
        writer, self._writer = self._writer, None
        was_up = self._logged_in
        self._logged_in = False
        if self._ping_task is not None and self._ping_task is not asyncio.current_task():
            self._ping_task.cancel()
        self._ping_task = None
        self._pending.fail_all(cause)
        if writer is not None:
            writer.transport.abort()
        task, self._reader_task = self._reader_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._lost is not None:
            self._lost.set()
        if writer is not None and was_up:
            logger.info("event=ami_disconnected server=%s cause=%r", self.name, str(cause) if cause else None)
            self._listeners.disconnected(cause)

    async def _read_loop(self, reader: asyncio.StreamReader, parser: FrameParser) -> None:
        def received(messages: list[Message]) -> None:
            self._last_read = asyncio.get_running_loop().time()
            for message in messages:
                self._dispatch(message)
            self.malformed_frames = parser.malformed

        cause = await read_until_lost(self.name, reader, parser, received)
        self._reader_task = None
        await self._drop(cause)

    def _dispatch(self, message: Message) -> None:
        """A response resolves its action; an event goes to its list action, if any, else to the listeners."""
        if message.event is None:
            self._pending.on_response(message)
            return
        self.events_received += 1
        if not (self._pending and self._pending.take_event(message)):
            self._listeners.event(message)

    async def _watch(self) -> None:
        """Drop the connection when the peer stays silent through a Ping (``watchdog``)."""
        ping = self.ping_interval, self.ping_timeout
        if not await wait_for_silence(*ping, lambda: self._last_read, self._ping):
            return
        self.pings_timed_out += 1
        logger.warning(
            "event=ami_ping_timeout server=%s timeout_s=%s; dropping the connection",
            self.name,
            self.ping_timeout,
        )
        self._ping_task = None
        await self._drop(AMIConnectionLost(f"{self.name}: no answer to Ping (dead or half-open peer)"))

    async def _ping(self, timeout: float) -> None:
        await self._send("Ping", None, timeout, False)

    async def _send(
        self,
        name: str,
        headers: Mapping[str, str] | None,
        timeout: float | None,
        is_list: bool,
        allow_before_login: bool = False,
        action_id: str | None = None,
    ) -> Result:
        writer = self._writer
        if writer is None or writer.is_closing() or not (self._logged_in or allow_before_login):
            raise AMIConnectionLost(f"{self.name}: not connected; {name} not sent")
        started = time.monotonic()
        result = await exchange(
            self.name,
            writer,
            self._pending,
            name,
            headers,
            timeout=self.action_timeout if timeout is None else timeout,
            is_list=is_list,
            action_id=action_id,
        )
        if self.latency_observer is not None:
            self.latency_observer(name, time.monotonic() - started)
        return result
