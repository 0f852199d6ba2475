"""The AMI side of the simulator: an asyncio TCP server that answers as Asterisk 22's manager does.

Wording, header order and framing are copied from the recordings (s00, s04, s05, s09, s10). Actions are
dispatched to the Engine; its events are encoded once and written to every logged-in session with events on.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from callcenter.simulator.astdb import ACTION_HELP as ASTDB_HELP
from callcenter.simulator.astdb import AstDB
from callcenter.simulator.channels import Channel, Headers, snapshot
from callcenter.simulator.config import ManagerUser, QueueConfig
from callcenter.simulator.engine import (
    DEVICE_INUSE,
    DEVICE_NOT_INUSE,
    DEVICE_RINGING,
    DEVICE_UNAVAILABLE,
    PHONE_ROUNDTRIP_US,
    Engine,
    EngineError,
    OriginateRequest,
    QueueMember,
    seconds_between,
)

logger = logging.getLogger(__name__)

BANNER = b"Asterisk Call Manager/11.0.0\r\n"
ASTERISK_VERSION = "22.10.1"
VERSION_LINE = f"Asterisk {ASTERISK_VERSION} built by callcenter @ simulator on a x86_64 running Linux"
MAX_FRAME_BYTES = 1024 * 1024
MAX_UNREAD_BYTES = 16 * 1024 * 1024
# Modules a Reload action may name: the ones the control plane reloads after rendering its files.
RELOADABLE_MODULES = frozenset(
    {"app_queue", "pbx_config", "res_pjsip", "chan_pjsip", "res_musiconhold", "app_voicemail", "res_parking"}
)

ACTION_HELP = {
    "Atxfer": ("Attended transfer.", "call,all"),
    "BlindTransfer": ("Blind transfer channel(s) to the given destination", "call,all"),
    "Challenge": ("Generate Challenge for MD5 Auth.", "<none>"),
    "Command": ("Execute Asterisk CLI Command.", "command,all"),
    "CoreSettings": ("Show PBX core settings (version etc).", "system,reporting,all"),
    "CoreShowChannels": ("List currently active channels.", "system,reporting,all"),
    "CoreStatus": ("Show PBX core status variables.", "system,reporting,all"),
    "DeviceStateList": ("List the current known device states.", "call,reporting,all"),
    "Events": ("Control Event Flow.", "<none>"),
    "ExtensionStateList": ("List the current known extension states.", "call,reporting,all"),
    "Getvar": ("Gets a channel variable or function value.", "call,reporting,all"),
    "Hangup": ("Hangup channel.", "system,call,all"),
    "ListCommands": ("List available manager commands.", "<none>"),
    "Login": ("Login Manager.", "<none>"),
    "Logoff": ("Logoff Manager.", "<none>"),
    "Originate": ("Originate a call.", "originate,all"),
    "Ping": ("Keepalive command.", "<none>"),
    "PJSIPShowContacts": ("Lists PJSIP Contacts.", "system,reporting,all"),
    "PJSIPShowEndpoint": ("Detail listing of an endpoint and its objects.", "system,reporting,all"),
    "PJSIPShowRegistrationsOutbound": ("Lists PJSIP outbound registrations.", "system,reporting,all"),
    "PlayDTMF": ("Play DTMF signal on a specific channel.", "call,all"),
    "QueueAdd": ("Add interface to queue.", "agent,all"),
    "QueueLog": ("Adds custom entry in queue_log.", "agent,all"),
    "QueuePause": ("Makes a queue member temporarily unavailable.", "agent,all"),
    "QueuePenalty": ("Set the penalty for a queue member.", "agent,all"),
    "QueueReload": ("Reload a queue, queues, or any sub-section of a queue or queues.", "<none>"),
    "QueueRemove": ("Remove interface from queue.", "agent,all"),
    "QueueStatus": ("Show queue status.", "<none>"),
    "QueueSummary": ("Show queue summary.", "<none>"),
    "Redirect": ("Redirect (transfer) a call.", "call,all"),
    "Reload": ("Send a reload event.", "system,config,all"),
    "Setvar": ("Sets a channel variable or function value.", "call,all"),
    "SimulatorFault": ("Trigger a fault of the simulated PBX (simulator only).", "system,all"),
    "Status": ("List channel status.", "system,call,reporting,all"),
    **ASTDB_HELP,
}


class Message:
    """A received action: headers in order, case-insensitive lookup."""

    def __init__(self, headers: list[tuple[str, str]]) -> None:
        self.headers = headers

    def get(self, key: str, default: str = "") -> str:
        lowered = key.lower()
        for name, value in self.headers:
            if name.lower() == lowered:
                return value
        return default

    def has(self, key: str) -> bool:
        lowered = key.lower()
        return any(name.lower() == lowered for name, _ in self.headers)

    def get_all(self, key: str) -> list[str]:
        lowered = key.lower()
        return [value for name, value in self.headers if name.lower() == lowered]


def encode(headers: Headers) -> bytes:
    return ("".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n").encode("utf-8")


def _tv(epoch: float) -> str:
    moment = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


@dataclass(eq=False)
class Session:
    """One AMI connection."""

    writer: asyncio.StreamWriter
    session_id: str
    remote: str
    local_port: int
    opened: float
    username: str = ""
    authenticated: bool = False
    events: set[str] | None = field(default_factory=set)
    half_open: bool = False
    max_unread: int = MAX_UNREAD_BYTES

    def wants(self, privilege: str) -> bool:
        if not self.authenticated or self.half_open or (self.events is not None and not self.events):
            return False
        if self.events is None:
            return True
        return bool(self.events & set(privilege.split(",")))

    def write(self, data: bytes) -> None:
        if self.half_open or self.writer.is_closing():
            return
        transport = self.writer.transport
        if transport.get_write_buffer_size() > self.max_unread:
            # A client that stops reading is cut off, as Asterisk's writetimeout does, instead of
            # letting the simulator's memory grow without bound.
            transport.abort()
            return
        self.writer.write(data)


def _event_mask(value: str) -> set[str] | None:
    """``Events:`` header: on/yes/all -> every event (None), off/no -> none, else a category list."""
    text = value.strip().lower()
    if text in ("on", "yes", "true", "1", "all"):
        return None
    if text in ("off", "no", "false", "0", ""):
        return set()
    return {part.strip() for part in text.split(",") if part.strip()}


@dataclass
class _Replies:
    """The answers of one action, for handlers kept outside this module (callcenter/simulator/astdb.py)."""

    server: AMIServer
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


class AMIServer:
    """Accepts AMI connections on 127.0.0.1 and serves them from one Engine."""

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

    # ------------------------------------------------------------------ faults
    def drop_connections(self) -> int:
        """Fault: close every AMI connection at once (as a crash or a network cut would)."""
        dropped = 0
        for session in list(self.sessions):
            transport = session.writer.transport
            if not transport.is_closing():
                transport.abort()
                dropped += 1
        self.sessions.clear()
        return dropped

    def half_open(self, enabled: bool = True) -> None:
        """Fault: keep current sockets open but answer nothing and send no events (a half-open link)."""
        for session in self.sessions:
            session.half_open = enabled

    def send_malformed(self) -> None:
        """Fault: write a frame no AMI parser can read whole (a line without a colon, a bad byte)."""
        for session in self.sessions:
            session.write(b"Event: Broken\r\nthis line has no colon\r\nPrivilege\r\n\xff\xfe: \x00\r\n\r\n")

    def restart(self) -> None:
        """Fault: the PBX restarts: connections drop, calls vanish, Uniqueids restart, members reload."""
        self.drop_connections()
        if self.reload_queues is not None:
            configs = self.reload_queues()
            self.engine.queues.clear()
            self.engine.load_queues(configs, keep_members=False)
        self.engine.restart()
        if self.on_restart is not None:
            self.on_restart()

    # ------------------------------------------------------------------ I/O
    def _broadcast(self, name: str, privilege: str, headers: Headers) -> None:
        targets = [session for session in self.sessions if session.wants(privilege.split(",")[0])]
        if not targets:
            return
        data = encode([("Event", name), ("Privilege", privilege), *headers])
        for session in targets:
            session.write(data)

    def _security_event(self, name: str, headers: Headers) -> None:
        self._broadcast(name, "security,all", headers)

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
            ("EventTV", _tv(self.engine.now())),
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
                ("SessionTV", _tv(session.opened)),
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
        self, action: Callable[[Message, _Replies], None]
    ) -> Callable[[Session, Message], None]:
        return lambda session, message: action(message, _Replies(self, session, message))

    # ------------------------------------------------------------------ session actions
    def _login(self, session: Session, message: Message) -> bool:
        username, secret = message.get("Username"), message.get("Secret")
        user = self.users.get(username)
        if session.authenticated:
            self._success(session, message, "Already authenticated")
            return True
        if user is None or user.secret != secret:
            self._error(session, message, "Authentication failed")
            if user is None:
                self._security_event(
                    "InvalidAccountID",
                    [
                        *self._security_base(session, "Error", "1"),
                        ("AccountID", username),
                        *self._addresses(session),
                        ("SessionTV", "1970-01-01T00:00:00.000+0000"),
                    ],
                )
            else:
                self._security_event(
                    "InvalidPassword",
                    [
                        *self._security_base(session, "Error", "2"),
                        ("AccountID", username),
                        *self._addresses(session),
                        ("SessionTV", "1970-01-01T00:00:00.000+0000"),
                    ],
                )
            # Asterisk closes the socket after a failed login (s10_login_failure_client).
            return False
        session.authenticated = True
        session.username = username
        session.events = _event_mask(message.get("Events", "on")) if message.has("Events") else None
        if session.events == set():
            self.action_only_logins += 1
        else:
            self.event_stream_logins += 1
        self._success(session, message, "Authentication accepted")
        if session.wants("system"):
            uptime = int(self.engine.now() - self.engine.started)
            session.write(
                encode(
                    [
                        ("Event", "FullyBooted"),
                        ("Privilege", "system,all"),
                        ("Uptime", str(uptime)),
                        ("LastReload", str(int(self.engine.now() - self.engine.last_reload))),
                        ("Status", "Fully Booted"),
                    ]
                )
            )
        self._security_event(
            "SuccessfulAuth",
            [
                *self._security_base(session, "Informational", "1"),
                ("AccountID", username),
                *self._addresses(session),
                ("UsingPassword", "0"),
                ("SessionTV", _tv(session.opened)),
            ],
        )
        return True

    def _ping(self, session: Session, message: Message) -> None:
        now = self.engine.now()
        self._reply(session, message, "Success", ("Ping", "Pong"), ("Timestamp", f"{now:.6f}"))

    def _events(self, session: Session, message: Message) -> None:
        session.events = _event_mask(message.get("EventMask", "off"))
        self._reply(session, message, "Success", ("Events", "Off" if session.events == set() else "On"))

    def _list_commands(self, session: Session, message: Message) -> None:
        rows = [(name, f"{text}  (Priv: {priv})") for name, (text, priv) in sorted(ACTION_HELP.items())]
        self._reply(session, message, "Success", *rows)

    def _core_settings(self, session: Session, message: Message) -> None:
        self._reply(
            session,
            message,
            "Success",
            ("AMIversion", "11.0.0"),
            ("AsteriskVersion", ASTERISK_VERSION),
            ("SystemName", ""),
            ("CoreMaxCalls", "0"),
            ("CoreMaxLoadAvg", "0.000000"),
            ("CoreRunUser", ""),
            ("CoreRunGroup", ""),
            ("CoreMaxFilehandles", "0"),
            ("CoreRealTimeEnabled", "No"),
            ("CoreCDRenabled", "No"),
            ("CoreHTTPenabled", "No"),
            ("SoundsSearchCustomDir", "No"),
        )

    def _core_status(self, session: Session, message: Message) -> None:
        started = dt.datetime.fromtimestamp(self.engine.started, tz=dt.UTC)
        reloaded = dt.datetime.fromtimestamp(self.engine.last_reload, tz=dt.UTC)
        calls = len({channel.linkedid for channel in self.engine.channels.values()})
        self._reply(
            session,
            message,
            "Success",
            ("CoreStartupDate", started.strftime("%Y-%m-%d")),
            ("CoreStartupTime", started.strftime("%H:%M:%S")),
            ("CoreReloadDate", reloaded.strftime("%Y-%m-%d")),
            ("CoreReloadTime", reloaded.strftime("%H:%M:%S")),
            ("CoreCurrentCalls", str(calls)),
            ("CoreProcessedCalls", str(self.engine.processed_calls)),
        )

    # ------------------------------------------------------------------ Command (CLI)
    def _command(self, session: Session, message: Message) -> None:
        command = " ".join(message.get("Command").split())
        output: list[str]
        ok = True
        if command == "core show version":
            output = [VERSION_LINE]
        elif command in ("module reload app_queue.so", "module reload app_queue", "queue reload all"):
            self._reload_queues()
            output = ["Module 'app_queue.so' reloaded successfully."] if command.startswith("module") else []
            self._reply(
                session,
                message,
                "Success",
                ("Message", "Command output follows"),
                *[("Output", o) for o in output],
            )
            self.engine.emit("Reload", "system,all", [("Module", "app_queue.so"), ("Status", "0")])
            return
        elif command == "dialplan reload":
            output = ["Dialplan reloaded."]
        elif command.startswith("queue show"):
            output = self._queue_show(command[len("queue show") :].strip())
        else:
            ok = False
            output = [
                f"No such command '{command}' (type 'core show help {command}' for other possible commands)"
            ]
        self._reply(
            session,
            message,
            "Success" if ok else "Error",
            ("Message", "Command output follows"),
            *[("Output", line) for line in output],
        )

    def _queue_show(self, name: str) -> list[str]:
        engine = self.engine
        queues = (
            [engine.queues[name]] if name in engine.queues else ([] if name else list(engine.queues.values()))
        )
        if name and not queues:
            return [f"No such queue: {name}."]
        now = engine.now()
        lines: list[str] = []
        for queue in queues:
            stats = queue.stats
            total = stats.completed + stats.abandoned
            sl = 100.0 * stats.completed_in_sl / stats.completed if stats.completed else 0.0
            sl2 = 100.0 * (stats.completed_in_sl + stats.abandoned_in_sl) / total if total else 0.0
            maxlen = str(queue.config.maxlen) if queue.config.maxlen else "unlimited"
            lines.append(
                f"{queue.name} has {len(queue.entries)} calls (max {maxlen}) in '{queue.config.strategy}' strategy "
                f"({stats.holdtime}s holdtime, {stats.talktime}s talktime), W:{queue.config.weight}, "
                f"C:{stats.completed}, A:{stats.abandoned}, SL:{sl:.1f}%, SL2:{sl2:.1f}% within {queue.config.servicelevel}s"
            )
            if queue.members:
                lines.append("   Members: ")
                for member in queue.members:
                    lines.append("      " + self._member_line(member, queue.config.ringinuse, now))
            else:
                lines.append("   No Members")
            if queue.entries:
                lines.append("   Callers: ")
                for position, entry in enumerate(queue.entries, start=1):
                    wait = seconds_between(entry.joined, now)
                    lines.append(
                        f"      {position}. {entry.chan.name} (wait: {wait // 60}:{wait % 60:02d}, prio: 0)"
                    )
            else:
                lines.append("   No Callers")
            lines.append("")
        lines.append("")
        return lines

    def _member_line(self, member: QueueMember, ringinuse: bool, now: float) -> str:
        status = self._status_of(member)
        state = {
            DEVICE_NOT_INUSE: "Not in use",
            DEVICE_INUSE: "In use",
            DEVICE_UNAVAILABLE: "Unavailable",
            DEVICE_RINGING: "Ringing",
        }[status]
        parts = [f"{member.name} ({member.interface})"]
        if member.dynamic:
            parts.append("(dynamic)")
        parts.append("(ringinuse enabled)" if ringinuse else "(ringinuse disabled)")
        if member.paused:
            parts.append(
                f"(paused:{member.paused_reason} was {int(now - member.last_pause)} secs ago)"
                if member.paused_reason
                else f"(paused was {int(now - member.last_pause)} secs ago)"
            )
        parts.append(f"({state})")
        if member.calls:
            taken = f"has taken {member.calls} calls (last was {int(now - member.last_call)} secs ago)"
        else:
            taken = "has taken no calls yet"
        return " ".join(parts) + f" {taken} (login was {int(now - member.login_time)} secs ago)"

    def _status_of(self, member: QueueMember) -> int:
        return self.engine.device_status(member)

    # ------------------------------------------------------------------ queue snapshots
    def _queue_status(self, session: Session, message: Message) -> None:
        engine = self.engine
        wanted_queue, wanted_member = message.get("Queue"), message.get("Member")
        queues = [q for q in engine.queues.values() if not wanted_queue or q.name == wanted_queue]
        now = engine.now()
        action_id = self._action_id(message)
        self._list_start(session, message, "Queue status will follow")
        count = 0
        for queue in queues:
            stats = queue.stats
            total = stats.completed + stats.abandoned
            sl = 100.0 * stats.completed_in_sl / stats.completed if stats.completed else 0.0
            sl2 = 100.0 * (stats.completed_in_sl + stats.abandoned_in_sl) / total if total else 0.0
            session.write(
                encode(
                    [
                        ("Event", "QueueParams"),
                        ("Queue", queue.name),
                        ("Max", str(queue.config.maxlen)),
                        ("Strategy", queue.config.strategy),
                        ("Calls", str(len(queue.entries))),
                        ("Holdtime", str(stats.holdtime)),
                        ("TalkTime", str(stats.talktime)),
                        ("Completed", str(stats.completed)),
                        ("Abandoned", str(stats.abandoned)),
                        ("ServiceLevel", str(queue.config.servicelevel)),
                        ("ServicelevelPerf", f"{sl:.1f}"),
                        ("ServicelevelPerf2", f"{sl2:.1f}"),
                        ("Weight", str(queue.config.weight)),
                        *action_id,
                    ]
                )
            )
            count += 1
            for member in queue.members:
                if wanted_member and member.interface != wanted_member and member.name != wanted_member:
                    continue
                session.write(
                    encode(
                        [
                            ("Event", "QueueMember"),
                            ("Queue", queue.name),
                            ("Name", member.name),
                            ("Location", member.interface),
                            ("StateInterface", member.state_interface),
                            ("Membership", "dynamic" if member.dynamic else "static"),
                            ("Penalty", str(member.penalty)),
                            ("CallsTaken", str(member.calls)),
                            ("LastCall", str(int(member.last_call))),
                            ("LastPause", str(int(member.last_pause))),
                            ("LoginTime", str(int(member.login_time))),
                            ("InCall", "1" if member.in_call else "0"),
                            ("Status", str(self._status_of(member))),
                            ("Paused", "1" if member.paused else "0"),
                            ("PausedReason", member.paused_reason),
                            ("Wrapuptime", str(queue.config.wrapuptime)),
                            *action_id,
                        ]
                    )
                )
                count += 1
            for position, entry in enumerate(queue.entries, start=1):
                chan = entry.chan
                session.write(
                    encode(
                        [
                            ("Event", "QueueEntry"),
                            ("Queue", queue.name),
                            ("Position", str(position)),
                            ("Channel", chan.name),
                            ("Uniqueid", chan.uniqueid),
                            ("CallerIDNum", chan.cid_num),
                            ("CallerIDName", chan.cid_name),
                            ("ConnectedLineNum", chan.conn_num),
                            ("ConnectedLineName", chan.conn_name),
                            ("Wait", str(seconds_between(entry.joined, now))),
                            ("Priority", "0"),
                            *action_id,
                        ]
                    )
                )
                count += 1
        self._list_complete(session, message, "QueueStatusComplete", count)

    def _queue_summary(self, session: Session, message: Message) -> None:
        engine = self.engine
        wanted = message.get("Queue")
        now = engine.now()
        self._list_start(session, message, "Queue summary will follow")
        count = 0
        for queue in engine.queues.values():
            if wanted and queue.name != wanted:
                continue
            logged_in = sum(1 for member in queue.members if self._status_of(member) != DEVICE_UNAVAILABLE)
            available = sum(
                1
                for member in queue.members
                if self._status_of(member) == DEVICE_NOT_INUSE
                and not member.paused
                and member.wrapup_until <= now
            )
            longest = max((seconds_between(entry.joined, now) for entry in queue.entries), default=0)
            session.write(
                encode(
                    [
                        ("Event", "QueueSummary"),
                        ("Queue", queue.name),
                        ("LoggedIn", str(logged_in)),
                        ("Available", str(available)),
                        ("Callers", str(len(queue.entries))),
                        ("HoldTime", str(queue.stats.holdtime)),
                        ("TalkTime", str(queue.stats.talktime)),
                        ("LongestHoldTime", str(longest)),
                        *self._action_id(message),
                    ]
                )
            )
            count += 1
        self._list_complete(session, message, "QueueSummaryComplete", count)

    # ------------------------------------------------------------------ channel snapshots
    @staticmethod
    def _duration(seconds: float) -> str:
        total = max(0, int(seconds))
        return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"

    def _channels(self) -> list[Channel]:
        return sorted(self.engine.channels.values(), key=lambda channel: channel.created, reverse=True)

    def _core_show_channels(self, session: Session, message: Message) -> None:
        now = self.engine.now()
        action_id = self._action_id(message)
        self._list_start(session, message, "Channels will follow")
        channels = self._channels()
        for channel in channels:
            session.write(
                encode(
                    [
                        ("Event", "CoreShowChannel"),
                        *action_id,
                        *snapshot(channel),
                        ("Application", channel.application),
                        ("ApplicationData", channel.app_data),
                        ("Duration", self._duration(now - channel.created)),
                        ("BridgeId", channel.bridge_id),
                    ]
                )
            )
        self._list_complete(session, message, "CoreShowChannelsComplete", len(channels))

    def _status(self, session: Session, message: Message) -> None:
        wanted = message.get("Channel")
        channels = self._channels()
        if wanted:
            channels = [channel for channel in channels if channel.name == wanted]
            if not channels:
                self._error(session, message, "No such channel")
                return
        variables = [name.strip() for name in message.get("Variables").split(",") if name.strip()]
        now = self.engine.now()
        self._list_start(session, message, "Channel status will follow")
        for channel in channels:
            session.write(
                encode(
                    [
                        ("Event", "Status"),
                        ("Privilege", "Call"),
                        *snapshot(channel),
                        ("Type", channel.tech),
                        ("DNID", ""),
                        ("EffectiveConnectedLineNum", channel.conn_num),
                        ("EffectiveConnectedLineName", channel.conn_name),
                        ("TimeToHangup", "0"),
                        ("BridgeID", channel.bridge_id),
                        ("Application", channel.application),
                        ("Data", channel.app_data),
                        ("Nativeformats", "(slin)"),
                        ("Readformat", "slin"),
                        ("Readtrans", ""),
                        ("Writeformat", "slin"),
                        ("Writetrans", ""),
                        ("Callgroup", "0"),
                        ("Pickupgroup", "0"),
                        ("Seconds", str(seconds_between(channel.created, now))),
                        *[
                            ("Variable", f"{name}={channel.variables.get(name, '(null)')}")
                            for name in variables
                        ],
                        *self._action_id(message),
                    ]
                )
            )
        self._list_complete(session, message, "StatusComplete", len(channels), ("Items", str(len(channels))))

    def _getvar(self, session: Session, message: Message) -> None:
        variable = message.get("Variable")
        if not variable:
            self._error(session, message, "No variable specified")
            return
        name = message.get("Channel")
        if name:
            channel = self.engine.channels.get(name)
            if channel is None:
                self._error(session, message, "No such channel")
                return
            value = channel.variables.get(variable, "")
        else:
            value = self.engine_globals.get(variable, "")
        self._reply(session, message, "Success", ("Variable", variable), ("Value", value))

    def _setvar(self, session: Session, message: Message) -> None:
        variable = message.get("Variable")
        if not variable:
            self._error(session, message, "No variable specified")
            return
        name, value = message.get("Channel"), message.get("Value")
        if name:
            channel = self.engine.channels.get(name)
            if channel is None:
                self._error(session, message, "No such channel")
                return
            channel.variables[variable.lstrip("_")] = value
            if self.engine.varset:
                self.engine.emit(
                    "VarSet", "dialplan,all", [*snapshot(channel), ("Variable", variable), ("Value", value)]
                )
        else:
            self.engine_globals = {**self.engine_globals, variable: value}
        self._success(session, message, "Variable Set")

    # ------------------------------------------------------------------ queue administration
    def _queue_pause(self, session: Session, message: Message) -> None:
        interface, paused = message.get("Interface"), message.get("Paused")
        if not interface or not paused:
            self._error(session, message, "Need 'Interface' and 'Paused' parameters.")
            return
        is_paused = paused.strip().lower() in ("true", "yes", "1", "on")
        queue = message.get("Queue") or None
        if (queue is not None and queue not in self.engine.queues) or not self.engine.find_members(
            interface, queue
        ):
            self._error(session, message, "Interface not found")
            return
        # The response goes out before the member's events, as in s04.
        self._success(
            session,
            message,
            "Interface paused successfully" if is_paused else "Interface unpaused successfully",
        )
        self.engine.pause(interface, queue, is_paused, message.get("Reason"))

    def _queue_add(self, session: Session, message: Message) -> None:
        queue, interface = message.get("Queue"), message.get("Interface")
        if not queue or not interface:
            self._error(session, message, "'Queue' and 'Interface' not specified.")
            return
        try:
            penalty = int(message.get("Penalty") or 0)
        except ValueError:
            self._error(session, message, "Invalid penalty specified")
            return
        paused = message.get("Paused").strip().lower() in ("true", "yes", "1", "on")
        if queue not in self.engine.queues:
            self._error(session, message, "Unable to add interface to queue: No such queue")
            return
        if self.engine.queues[queue].member(interface) is not None:
            self._error(session, message, "Unable to add interface: Already there")
            return
        self._success(session, message, "Added interface to queue")
        try:
            self.engine.add_member(
                queue,
                interface,
                name=message.get("MemberName"),
                penalty=penalty,
                paused=paused,
                reason=message.get("Reason"),
                state_interface=message.get("StateInterface"),
            )
        except EngineError as exc:
            self._error(session, message, str(exc))

    def _queue_remove(self, session: Session, message: Message) -> None:
        queue, interface = message.get("Queue"), message.get("Interface")
        if not queue or not interface:
            self._error(session, message, "Need 'Queue' and 'Interface' parameters.")
            return
        if queue not in self.engine.queues:
            self._error(session, message, "Unable to remove interface from queue: No such queue")
            return
        member = self.engine.queues[queue].member(interface)
        if member is None:
            self._error(session, message, "Unable to remove interface: Not there")
            return
        if not member.dynamic:
            self._error(session, message, "Unable to remove interface: Not dynamic")
            return
        self._success(session, message, "Removed interface from queue")
        self.engine.remove_member(queue, interface)

    def _queue_penalty(self, session: Session, message: Message) -> None:
        interface, penalty = message.get("Interface"), message.get("Penalty")
        if not interface or not penalty:
            self._error(session, message, "'Interface' and 'Penalty' parameters are required.")
            return
        queue = message.get("Queue") or None
        try:
            value = int(penalty)
        except ValueError:
            value = -1
        if (
            value < 0
            or (queue is not None and queue not in self.engine.queues)
            or not self.engine.find_members(interface, queue)
        ):
            self._error(session, message, "Invalid interface, queuename or penalty")
            return
        self._success(session, message, "Interface penalty set successfully")
        self.engine.set_penalty(interface, value, queue)

    def _queue_log(self, session: Session, message: Message) -> None:
        queue, event = message.get("Queue"), message.get("Event")
        if not queue or not event:
            self._error(session, message, "Need 'Queue' and 'Event' parameters.")
            return
        self._success(session, message, "Event added successfully")
        self.engine.log(
            message.get("UniqueID") or "NONE",
            queue,
            message.get("Interface") or "NONE",
            event,
            message.get("Message"),
        )

    # ------------------------------------------------------------------ calls
    async def _originate(self, session: Session, message: Message) -> None:
        channel = message.get("Channel")
        if not channel:
            self._error(session, message, "Channel not specified")
            return
        variables: list[tuple[str, str]] = []
        for value in message.get_all("Variable"):
            for pair in value.split(","):
                key, sep, val = pair.partition("=")
                if sep and key.strip():
                    variables.append((key.strip(), val))
        try:
            timeout = int(message.get("Timeout") or 30000)
        except ValueError:
            timeout = 30000
        request = OriginateRequest(
            channel=channel,
            context=message.get("Context"),
            exten=message.get("Exten"),
            priority=message.get("Priority"),
            application=message.get("Application"),
            data=message.get("Data"),
            callerid=message.get("CallerID"),
            timeout_ms=timeout,
            variables=variables,
            action_id=message.get("ActionID"),
        )
        if message.get("Async").strip().lower() in ("true", "yes", "1", "on"):
            self._success(session, message, "Originate successfully queued")
            self.engine.originate(request, is_async=True)
            return
        loop = asyncio.get_running_loop()
        outcome: asyncio.Future[bool] = loop.create_future()

        def done(success: bool, reason: int, answered: Channel | None) -> None:
            if not outcome.done():
                outcome.set_result(success)

        self.engine.originate(request, done, is_async=False)
        success = await outcome
        if success:
            self._success(session, message, "Originate successfully queued")
        else:
            self._error(session, message, "Originate failed")

    def _hangup(self, session: Session, message: Message) -> None:
        name = message.get("Channel")
        if not name:
            self._error(session, message, "No channel specified")
            return
        if name not in self.engine.channels:
            self._error(session, message, "No such channel")
            return
        self._success(session, message, "Channel Hungup")
        self.engine.hangup_channel(name)

    def _redirect(self, session: Session, message: Message) -> None:
        name = message.get("Channel")
        if not name:
            self._error(session, message, "Channel not specified")
            return
        if name not in self.engine.channels:
            self._error(session, message, f"Channel does not exist: {name}")
            return
        context, exten = message.get("Context"), message.get("Exten")
        if not exten:
            self._error(session, message, "Exten not specified")
            return
        self._success(session, message, "Redirect successful")
        self.engine.redirect(name, context, exten)

    def _blind_transfer(self, session: Session, message: Message) -> None:
        name, exten = message.get("Channel"), message.get("Exten")
        if not name:
            self._error(session, message, "No channel specified")
            return
        if not exten:
            self._error(session, message, "No extension specified")
            return
        if name not in self.engine.channels:
            self._error(session, message, "Channel specified does not exist")
            return
        context = message.get("Context") or self.engine.channels[name].context
        if not self.engine.blind_transfer(name, exten, context):
            self._error(session, message, "Transfer failed")
            return
        self._success(session, message, "Transfer succeeded")

    def _atxfer(self, session: Session, message: Message) -> None:
        name, exten = message.get("Channel"), message.get("Exten")
        if not name:
            self._error(session, message, "No channel specified")
            return
        if not exten:
            self._error(session, message, "No extension specified")
            return
        if name not in self.engine.channels:
            self._error(session, message, "Channel specified does not exist")
            return
        context = message.get("Context") or self.engine.channels[name].context
        self._success(session, message, "Atxfer successfully queued")
        self.engine.attended_transfer(name, exten, context)

    def _play_dtmf(self, session: Session, message: Message) -> None:
        name, digit = message.get("Channel"), message.get("Digit")
        if name not in self.engine.channels:
            self._error(session, message, "Channel not found")
            return
        if not digit:
            self._error(session, message, "No digit specified")
            return
        self._success(session, message, "DTMF successfully queued")
        entry = self.engine.entries_by_channel.get(name)
        if entry is not None:
            self.engine.press_key(entry, digit[0])

    def _extension_state_list(self, session: Session, message: Message) -> None:
        # The simulated dialplan has no hints, like the recorded PBX (s05).
        self._list_start(session, message, "Extension Statuses will follow")
        self._list_complete(session, message, "ExtensionStateListComplete", 0)

    def _device_state_list(self, session: Session, message: Message) -> None:
        states = dict(self.engine.device_states)
        self._list_start(session, message, "Device State Changes will follow")
        for device, state in states.items():
            session.write(
                encode(
                    [
                        ("Event", "DeviceStateChange"),
                        *self._action_id(message),
                        ("Device", device),
                        ("State", state),
                    ]
                )
            )
        self._list_complete(session, message, "DeviceStateListComplete", len(states))

    # ------------------------------------------------------------------ PJSIP (the member phones only)
    def _pjsip_show_contacts(self, session: Session, message: Message) -> None:
        contacts = self.engine.phone_contacts()
        if not contacts:
            self._error(session, message, "No Contacts found")
            return
        self._list_start(session, message, "A listing of Contacts follows, presented as ContactList events")
        for endpoint, uri in contacts:
            session.write(
                encode(
                    [
                        ("Event", "ContactList"),
                        *self._action_id(message),
                        ("ObjectType", "contact"),
                        ("ObjectName", f"{endpoint};@{endpoint}"),
                        ("ViaAddr", "127.0.0.1"),
                        ("ViaPort", "5060"),
                        ("QualifyTimeout", "3.000000"),
                        ("CallId", f"sim-{endpoint}"),
                        ("RegServer", ""),
                        ("PruneOnBoot", "false"),
                        ("Path", ""),
                        ("Endpoint", endpoint),
                        ("AuthenticateQualify", "false"),
                        ("Uri", uri),
                        ("QualifyFrequency", "60"),
                        ("UserAgent", "PJSUA v2.17 Linux"),
                        ("ExpirationTime", "0"),
                        ("OutboundProxy", ""),
                        ("Status", "Reachable"),
                        ("RoundtripUsec", str(PHONE_ROUNDTRIP_US)),
                    ]
                )
            )
        self._list_complete(session, message, "ContactListComplete", len(contacts))

    def _pjsip_show_endpoint(self, session: Session, message: Message) -> None:
        # The simulator models no trunk; phones are listed by PJSIPShowContacts.
        self._error(session, message, f"Unable to retrieve endpoint {message.get('Endpoint')}")

    def _pjsip_show_registrations_outbound(self, session: Session, message: Message) -> None:
        self._list_start(session, message, "Following are Events for each Outbound registration")
        self._list_complete(
            session,
            message,
            "OutboundRegistrationDetailComplete",
            0,
            ("Registered", "0"),
            ("NotRegistered", "0"),
        )

    # ------------------------------------------------------------------ reloads
    def _reload_queues(self) -> bool:
        if self.reload_queues is None:
            return False
        self.engine.load_queues(self.reload_queues(), keep_members=True)
        self.engine.kick()
        return True

    def _reload(self, session: Session, message: Message) -> None:
        module = message.get("Module")
        if module and module.removesuffix(".so") not in RELOADABLE_MODULES:
            self._error(session, message, "No such module")
            return
        if module in ("", "app_queue.so", "app_queue"):
            self._reload_queues()
        self._success(session, message, "Module Reloaded")
        self.engine.emit("Reload", "system,all", [("Module", module or "All"), ("Status", "0")])

    def _queue_reload(self, session: Session, message: Message) -> None:
        queue = message.get("Queue")
        if queue and queue not in self.engine.queues:
            self._error(session, message, "Error encountered while reloading queue")
            return
        self._reload_queues()
        self._success(session, message, "Queue reloaded successfully")

    def _fault(self, session: Session, message: Message) -> None:
        fault = message.get("Fault").strip().lower()
        faults: dict[str, Callable[[], object]] = {
            "drop": self.drop_connections,
            "halfopen": self.half_open,
            "malformed": self.send_malformed,
            "restart": self.restart,
        }
        action = faults.get(fault)
        if action is None:
            self._error(session, message, "Fault must be one of: drop, halfopen, malformed, restart")
            return
        self._success(session, message, f"Fault {fault} triggered")
        action()
