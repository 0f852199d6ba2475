"""What every family of AMI actions shares: the server's state, replies, broadcasts and security events."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from callcenter.simulator.ami_server.session import Session
from callcenter.simulator.ami_server.wire import MAX_UNREAD_BYTES, Message, encode, event_tv
from callcenter.simulator.astdb import AstDB
from callcenter.simulator.channels import Headers
from callcenter.simulator.config import ManagerUser, QueueConfig
from callcenter.simulator.engine import Engine


class AMIBase:
    """The server's state and the ways an action answers; the action families build on it."""

    def __init__(
        self, engine: Engine, users: list[ManagerUser], *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.engine = engine
        self.users = {user.username: user for user in users}
        self.host = host
        self.requested_port = port
        self.sessions: list[Session] = []
        self._server: asyncio.Server | None = None
        self._session_seq = 0
        self.engine_globals: dict[str, str] = {}
        self.astdb = AstDB()
        self._tasks: set[asyncio.Task[None]] = set()
        self.max_unread_bytes = MAX_UNREAD_BYTES
        self.reload_queues: Callable[[], list[QueueConfig]] | None = None
        self.on_restart: Callable[[], None] | None = None
        # Successful logins so far, by whether the session takes events (an event stream) or not
        # (``Events: off``, an action-only session).
        self.event_stream_logins = 0
        self.action_only_logins = 0
        engine.sinks.append(self._broadcast)

    def _broadcast(self, name: str, privilege: str, headers: Headers) -> None:
        targets = [session for session in self.sessions if session.wants(privilege.split(",")[0])]
        if not targets:
            return
        data = encode([("Event", name), ("Privilege", privilege), *headers])
        for session in targets:
            session.write(data)

    def _security_event(self, name: str, headers: Headers) -> None:
        self._broadcast(name, "security,all", headers)

    # ------------------------------------------------------------------ responses
    @staticmethod
    def _action_id(message: Message) -> Headers:
        return [("ActionID", message.get("ActionID"))] if message.has("ActionID") else []

    def _reply(self, session: Session, message: Message, response: str, *rest: tuple[str, str]) -> None:
        session.write(encode([("Response", response), *self._action_id(message), *rest]))

    def _error(self, session: Session, message: Message, text: str) -> None:
        self._reply(session, message, "Error", ("Message", text))

    def _success(self, session: Session, message: Message, text: str) -> None:
        self._reply(session, message, "Success", ("Message", text))

    def _list_start(self, session: Session, message: Message, text: str) -> None:
        self._reply(session, message, "Success", ("EventList", "start"), ("Message", text))

    def _list_complete(
        self, session: Session, message: Message, name: str, count: int, *extra: tuple[str, str]
    ) -> None:
        session.write(
            encode(
                [
                    ("Event", name),
                    *self._action_id(message),
                    ("EventList", "Complete"),
                    ("ListItems", str(count)),
                    *extra,
                ]
            )
        )

    def _security_base(self, session: Session, severity: str, version: str) -> Headers:
        return [
            ("EventTV", event_tv(self.engine.now())),
            ("Severity", severity),
            ("Service", "AMI"),
            ("EventVersion", version),
        ]

    def _addresses(self, session: Session) -> Headers:
        return [
            ("SessionID", session.session_id),
            ("LocalAddress", f"IPV4/TCP/127.0.0.1/{session.local_port}"),
            ("RemoteAddress", session.remote),
        ]


@dataclass
class AstDBReplies:
    """The answers of one action, for handlers kept outside this module (callcenter/simulator/astdb.py)."""

    server: AMIBase
    session: Session
    message: Message

    def success(self, text: str) -> None:
        self.server._success(self.session, self.message, text)

    def error(self, text: str) -> None:
        self.server._error(self.session, self.message, text)

    def list_start(self, text: str) -> None:
        self.server._list_start(self.session, self.message, text)

    def event(self, headers: Headers) -> None:
        self.session.write(encode([*headers, *self.server._action_id(self.message)]))

    def list_complete(self, name: str, count: int) -> None:
        self.server._list_complete(self.session, self.message, name, count)
