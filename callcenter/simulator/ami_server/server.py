"""The AMI side of the simulator: an asyncio TCP server that answers as Asterisk 22's manager does.

Wording, header order and framing are copied from the recordings (s00, s04, s05, s09, s10). Actions are
dispatched to the Engine; its events are encoded once and written to every logged-in session with events on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from callcenter.simulator.ami_server.base import AstDBReplies
from callcenter.simulator.ami_server.call_actions import CallActions
from callcenter.simulator.ami_server.channel_actions import ChannelActions
from callcenter.simulator.ami_server.core_actions import CoreActions
from callcenter.simulator.ami_server.login import Login
from callcenter.simulator.ami_server.pjsip_actions import PjsipActions
from callcenter.simulator.ami_server.queue_admin import QueueAdmin
from callcenter.simulator.ami_server.session import Session
from callcenter.simulator.ami_server.wire import BANNER, MAX_FRAME_BYTES, Message, event_tv

logger = logging.getLogger(__name__)


class AMIServer(Login, CoreActions, QueueAdmin, ChannelActions, CallActions, PjsipActions):
    """Accepts AMI connections on 127.0.0.1 and serves them from one Engine."""

    # ------------------------------------------------------------------ lifecycle
    @property
    def port(self) -> int:
        if self._server is None or not self._server.sockets:
            return self.requested_port
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._serve, self.host, self.requested_port, limit=MAX_FRAME_BYTES
        )

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        self.drop_connections()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername") or ("127.0.0.1", 0)
        self._session_seq += 1
        session = Session(
            writer=writer,
            session_id=f"0x{0x7F5A00001000 + self._session_seq * 0x10:x}",
            remote=f"IPV4/TCP/{peer[0]}/{peer[1]}",
            local_port=self.port,
            opened=self.engine.now(),
            max_unread=self.max_unread_bytes,
        )
        self.sessions.append(session)
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        writer.write(BANNER)
        headers: list[tuple[str, str]] = []
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                text = line.decode("utf-8", errors="replace").rstrip("\r\n")
                if text:
                    name, sep, value = text.partition(":")
                    if sep:
                        headers.append((name.strip(), value.lstrip(" ")))
                    continue
                if not headers:
                    continue
                message, headers = Message(headers), []
                if session.half_open:
                    continue
                keep_open = await self._handle(session, message)
                with contextlib.suppress(ConnectionError):
                    await writer.drain()
                if not keep_open:
                    break
        except (ConnectionError, asyncio.LimitOverrunError, ValueError):
            logger.debug("AMI session %s ended by a transport error", session.session_id)
        except asyncio.CancelledError:
            # Server shutdown: end the handler quietly so asyncio's stream callback has nothing to report.
            logger.debug("AMI session %s cancelled at shutdown", session.session_id)
        finally:
            if session in self.sessions:
                self.sessions.remove(session)
            if not writer.is_closing():
                writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()

    # ------------------------------------------------------------------ dispatch
    async def _handle(self, session: Session, message: Message) -> bool:
        action = message.get("Action").strip()
        if not action:
            self._error(session, message, "Missing action in request")
            if session.authenticated:
                self._bad_format(session, "NONE")
            return True
        lowered = action.lower()
        if lowered == "login":
            return self._login(session, message)
        if lowered == "logoff":
            self._reply(session, message, "Goodbye", ("Message", "Thanks for all the fish."))
            return False
        if lowered == "challenge":
            self._error(session, message, "Must specify AuthType")
            return True
        if not session.authenticated:
            self._error(session, message, "Permission denied")
            self._security_event(
                "RequestNotAllowed",
                [
                    *self._security_base(session, "Error", "1"),
                    ("AccountID", ""),
                    *self._addresses(session),
                    ("RequestType", f"Action: {action}"),
                    ("SessionTV", "1970-01-01T00:00:00.000+0000"),
                ],
            )
            return True
        handler = self._handlers().get(lowered)
        if handler is None:
            self._error(
                session,
                message,
                f"Invalid/unknown command: {action}. Use Action: ListCommands to show available commands.",
            )
            self._bad_format(session, action)
            return True
        result = handler(session, message)
        if asyncio.iscoroutine(result):
            await result
        return True

    def _bad_format(self, session: Session, action: str) -> None:
        self._security_event(
            "RequestBadFormat",
            [
                *self._security_base(session, "Error", "1"),
                *self._addresses(session),
                ("RequestType", f"Action: {action}"),
                ("SessionTV", event_tv(session.opened)),
                ("AccountID", session.username),
            ],
        )

    def _handlers(self) -> dict[str, Callable[[Session, Message], object]]:
        return {
            "ping": self._ping,
            "events": self._events,
            "listcommands": self._list_commands,
            "coresettings": self._core_settings,
            "corestatus": self._core_status,
            "command": self._command,
            "queuestatus": self._queue_status,
            "queuesummary": self._queue_summary,
            "coreshowchannels": self._core_show_channels,
            "status": self._status,
            "getvar": self._getvar,
            "setvar": self._setvar,
            "queuepause": self._queue_pause,
            "queueadd": self._queue_add,
            "queueremove": self._queue_remove,
            "queuepenalty": self._queue_penalty,
            "queuelog": self._queue_log,
            "originate": self._originate,
            "hangup": self._hangup,
            "redirect": self._redirect,
            "blindtransfer": self._blind_transfer,
            "atxfer": self._atxfer,
            "playdtmf": self._play_dtmf,
            "reload": self._reload,
            "queuereload": self._queue_reload,
            "simulatorfault": self._fault,
            "extensionstatelist": self._extension_state_list,
            "devicestatelist": self._device_state_list,
            "pjsipshowcontacts": self._pjsip_show_contacts,
            "pjsipshowendpoint": self._pjsip_show_endpoint,
            "pjsipshowregistrationsoutbound": self._pjsip_show_registrations_outbound,
            **{name: self._astdb_action(action) for name, action in self.astdb.handlers().items()},
        }

    def _astdb_action(
        self, action: Callable[[Message, AstDBReplies], None]
    ) -> Callable[[Session, Message], None]:
        return lambda session, message: action(message, AstDBReplies(self, session, message))
