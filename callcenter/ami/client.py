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
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import random
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from callcenter.ami.errors import (
    AMIActionError,
    AMIAuthenticationError,
    AMIConnectionLost,
    AMIError,
    AMITimeout,
)
from callcenter.ami.protocol import FrameParser, Message, encode_action

logger = logging.getLogger(__name__)

EventListener = Callable[[Message], None]
ConnectListener = Callable[[], Awaitable[None]]
DisconnectListener = Callable[[Exception | None], None]
LatencyObserver = Callable[[str, float], None]


@dataclass
class _Pending:
    """An action waiting for its response (and, for list actions, its events)."""

    name: str
    future: asyncio.Future[tuple[Message, list[Message]]]
    is_list: bool
    response: Message | None = None
    events: list[Message] = field(default_factory=list)


class AMIClient:
    """One AMI connection to one Asterisk node (see the module docstring for the guarantees)."""

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
        self._event_listeners: list[EventListener] = []
        self._connect_listeners: list[ConnectListener] = []
        self._disconnect_listeners: list[DisconnectListener] = []
        self._pending: dict[str, _Pending] = {}
        self._id_prefix = f"cc-{secrets.token_hex(3)}"
        self._ids = itertools.count(1)
        self._writer: asyncio.StreamWriter | None = None
        self._reader_task: asyncio.Task[None] | None = None
        self._ping_task: asyncio.Task[None] | None = None
        self._lost: asyncio.Event | None = None
        self._last_read = 0.0  # loop.time() of the last bytes read from the peer
        self.pings_timed_out = 0
        self._logged_in = False
        self._closed = False

    # -- listeners -------------------------------------------------------------------------------------
    def add_event_listener(self, callback: EventListener) -> None:
        """Called synchronously, in order, for every event that is not part of one of our list actions."""
        self._event_listeners.append(callback)

    def add_connect_listener(self, callback: ConnectListener) -> None:
        """Awaited after each successful login (first connect and every reconnect)."""
        self._connect_listeners.append(callback)

    def add_disconnect_listener(self, callback: DisconnectListener) -> None:
        """Called when an established connection ends; the argument is the cause (None on a clean close)."""
        self._disconnect_listeners.append(callback)

    @property
    def connected(self) -> bool:
        """True while logged in on a live connection."""
        return self._logged_in and self._writer is not None and not self._writer.is_closing()

    # -- connection ------------------------------------------------------------------------------------
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
            await self._send(
                "Login",
                {"Username": self.username, "Secret": self._secret, "Events": "on" if self.events else "off"},
                None,
                False,
                True,
            )
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
            self._ping_task = asyncio.create_task(self._ping_loop(), name=f"ami-ping-{self.name}")
        for listener in self._connect_listeners:
            try:
                await listener()
            except AMIError as exc:
                # A resync that cannot finish leaves stale state behind: start over on a new connection.
                await self._drop(exc)
                raise
            except Exception:
                logger.exception("event=ami_connect_listener_error server=%s", self.name)

    async def run(self, stop: asyncio.Event) -> None:
        """Stay connected until ``stop`` is set: reconnect with exponential back-off and full jitter."""
        backoff = self.backoff_initial
        stop_wait = asyncio.create_task(stop.wait())
        try:
            while not stop.is_set() and not self._closed:
                try:
                    await self.connect()
                    backoff = self.backoff_initial
                    lost = self._lost
                    if lost is not None:
                        lost_wait = asyncio.create_task(lost.wait())
                        await asyncio.wait({stop_wait, lost_wait}, return_when=asyncio.FIRST_COMPLETED)
                        lost_wait.cancel()
                except AMIAuthenticationError as exc:
                    logger.error("event=ami_auth_failed server=%s error=%r", self.name, str(exc))
                except (TimeoutError, OSError, AMIError) as exc:
                    logger.warning("event=ami_connect_failed server=%s error=%r", self.name, str(exc))
                if stop.is_set() or self._closed or not self.reconnect:
                    break
                delay = random.uniform(0, backoff)  # noqa: S311 - jitter, not cryptography
                backoff = min(backoff * 2, self.backoff_max)
                logger.info("event=ami_reconnect_wait server=%s delay_s=%.3f", self.name, delay)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(stop_wait), timeout=delay)
        finally:
            stop_wait.cancel()
            await self.close()

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
        self._fail_pending(cause)
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
            for listener in self._disconnect_listeners:
                try:
                    listener(cause)
                except Exception:
                    logger.exception("event=ami_listener_error server=%s", self.name)

    def _fail_pending(self, cause: Exception | None) -> None:
        pending, self._pending = self._pending, {}
        for action_id, item in pending.items():
            if not item.future.done():
                error = AMIConnectionLost(
                    f"{self.name}: connection lost before {item.name} ({action_id}) was answered; not re-sent"
                )
                error.__cause__ = cause
                item.future.set_exception(error)

    # -- reading ---------------------------------------------------------------------------------------
    async def _read_loop(self, reader: asyncio.StreamReader, parser: FrameParser) -> None:
        cause: Exception | None = None
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    cause = AMIConnectionLost(f"{self.name}: connection closed by peer")
                    break
                self._last_read = asyncio.get_running_loop().time()
                for message in parser.feed(data):
                    self._dispatch(message)
                self.malformed_frames = parser.malformed
        except asyncio.CancelledError:
            raise
        except (OSError, AMIError) as exc:
            logger.warning("event=ami_read_error server=%s error=%r", self.name, str(exc))
            cause = exc
        self._reader_task = None
        await self._drop(cause)

    def _dispatch(self, message: Message) -> None:
        event = message.event
        if event is None:
            self._on_response(message)
            return
        self.events_received += 1
        if self._pending:
            action_id = message.action_id
            item = self._pending.get(action_id) if action_id is not None else None
            if item is not None and item.is_list:
                if message.get("EventList") == "Complete":
                    self._finish(action_id or "", item)
                else:
                    item.events.append(message)
                return
        for listener in self._event_listeners:
            try:
                listener(message)
            except Exception:
                logger.exception("event=ami_listener_error server=%s ami_event=%s", self.name, event)

    def _on_response(self, message: Message) -> None:
        action_id = message.action_id
        if action_id is None:
            return
        item = self._pending.get(action_id)
        if item is None:
            return
        if message.response == "Error":
            self._pending.pop(action_id, None)
            if not item.future.done():
                item.future.set_exception(AMIActionError(message))
            return
        item.response = message
        if not item.is_list or (message.get("EventList") or "").lower() != "start":
            self._finish(action_id, item)

    def _finish(self, action_id: str, item: _Pending) -> None:
        self._pending.pop(action_id, None)
        if not item.future.done() and item.response is not None:
            item.future.set_result((item.response, item.events))

    # -- actions ---------------------------------------------------------------------------------------
    async def _send(
        self,
        name: str,
        headers: Mapping[str, str] | None,
        timeout: float | None,
        is_list: bool,
        allow_before_login: bool = False,
        action_id: str | None = None,
    ) -> tuple[Message, list[Message]]:
        writer = self._writer
        if writer is None or writer.is_closing() or not (self._logged_in or allow_before_login):
            raise AMIConnectionLost(f"{self.name}: not connected; {name} not sent")
        action_id = action_id or f"{self._id_prefix}-{next(self._ids)}"
        if action_id in self._pending:
            raise ValueError(f"ActionID {action_id!r} is already pending")
        payload = encode_action(name, headers or {}, action_id)
        future: asyncio.Future[tuple[Message, list[Message]]] = asyncio.get_running_loop().create_future()
        self._pending[action_id] = _Pending(name=name, future=future, is_list=is_list)
        started = time.monotonic()
        try:
            writer.write(payload)
            async with asyncio.timeout(self.action_timeout if timeout is None else timeout):
                await writer.drain()
                result = await future
        except TimeoutError:
            raise AMITimeout(f"{self.name}: no response to {name} ({action_id}) in time") from None
        except (ConnectionError, OSError) as exc:
            raise AMIConnectionLost(f"{self.name}: {name} ({action_id}) failed: {exc}") from exc
        finally:
            self._pending.pop(action_id, None)
        if self.latency_observer is not None:
            self.latency_observer(name, time.monotonic() - started)
        return result

    async def action(
        self,
        name: str,
        headers: Mapping[str, str] | None = None,
        *,
        timeout: float | None = None,
        action_id: str | None = None,
    ) -> Message:
        """Send one action and return its response; ``AMIActionError`` on ``Response: Error``."""
        response, _ = await self._send(name, headers, timeout, False, action_id=action_id)
        return response

    async def action_list(
        self, name: str, headers: Mapping[str, str] | None = None, *, timeout: float | None = None
    ) -> tuple[Message, list[Message]]:
        """Send a list action (QueueStatus, CoreShowChannels, Status...): the response and its events,
        up to the ``EventList: Complete`` event, which is not included."""
        return await self._send(name, headers, timeout, True)

    async def _ping_loop(self) -> None:
        """The read-idle watchdog (see the module docstring)."""
        loop = asyncio.get_running_loop()
        while True:
            idle = loop.time() - self._last_read
            if idle < self.ping_interval:
                await asyncio.sleep(self.ping_interval - idle)
                continue
            sent_at = loop.time()
            try:
                await self._send("Ping", None, self.ping_timeout, False)
            except AMITimeout:
                if self._last_read > sent_at:
                    # Bytes came meanwhile (a long list ahead of the answer): the peer is alive.
                    continue
                self.pings_timed_out += 1
                logger.warning(
                    "event=ami_ping_timeout server=%s timeout_s=%s; dropping the connection",
                    self.name,
                    self.ping_timeout,
                )
                self._ping_task = None
                await self._drop(
                    AMIConnectionLost(f"{self.name}: no answer to Ping (dead or half-open peer)")
                )
                return
            except AMIError:
                return
