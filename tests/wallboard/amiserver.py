"""A real AMI server on 127.0.0.1 for the wallboard's action tests, answering as the recordings do.

The responses are worded exactly as s04_pause_dynamic and s06_spy recorded them. The server runs its own
event loop in a thread, because the actions under test are synchronous and open their own connection
(``callcenter.ami.sync``) with ``asyncio.run``.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from dataclasses import dataclass, field

from callcenter.ami.protocol import FrameParser, Message

BANNER = b"Asterisk Call Manager/11.0.0\r\n"


def frame(*headers: tuple[str, str]) -> bytes:
    return ("".join(f"{key}: {value}\r\n" for key, value in headers) + "\r\n").encode()


def member_event(
    name: str,
    queue_name: str,
    interface: str,
    member: str,
    *,
    paused: bool,
    reason: str,
    dynamic: bool = False,
) -> bytes:
    """A queue member event with the headers and order of s04."""
    return frame(
        ("Event", name),
        ("Privilege", "agent,all"),
        ("Queue", queue_name),
        ("MemberName", member),
        ("Interface", interface),
        ("StateInterface", interface),
        ("Membership", "dynamic" if dynamic else "static"),
        ("Penalty", "0"),
        ("CallsTaken", "0"),
        ("LastCall", "0"),
        ("LastPause", "1795355858"),
        ("LoginTime", "1795355835"),
        ("InCall", "0"),
        ("Status", "1"),
        ("Paused", "1" if paused else "0"),
        ("PausedReason", reason),
        ("Ringinuse", "0"),
        ("Wrapuptime", "0"),
    )


@dataclass
class Member:
    queue: str
    interface: str
    name: str
    # Added at run time (QueueAdd) and removable; a static member (queues.conf) is not.
    dynamic: bool = True


@dataclass
class FixtureAMIServer:
    """Login, QueuePause, QueueAdd, QueueRemove, Originate, Hangup and Logoff, as Asterisk 22 answers them."""

    username: str = "ccadmin"
    secret: str = "ccadmin-dummy-secret"
    members: list[Member] = field(default_factory=list)
    actions: queue.Queue[Message] = field(default_factory=queue.Queue)
    port: int = 0
    missing_channel: str = "PJSIP/gone-00000000"

    def __post_init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []

    def start(self) -> int:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._serve, "127.0.0.1", 0), self._loop
        ).result(5)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    def stop(self) -> None:
        async def close() -> None:
            for writer in self._writers:
                writer.transport.abort()
            if self._server is not None:
                self._server.close()
                await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def push(self, data: bytes) -> None:
        """Send raw bytes (for example a recorded transcript) to every logged-in connection."""
        self._loop.call_soon_threadsafe(self.push_now, data)

    def _broadcast(self, data: bytes) -> None:
        # Called on the server's loop: events go to every logged-in session, after the response.
        self._loop.call_soon(self.push_now, data)

    def push_now(self, data: bytes) -> None:
        for writer in self._writers:
            if not writer.is_closing():
                writer.write(data)

    def next_action(self, name: str, timeout: float = 5.0) -> Message:
        """The next action of that name the server received (Login, Logoff and others skipped)."""
        while True:
            message = self.actions.get(timeout=timeout)
            if (message.get("Action") or "").lower() == name.lower():
                return message

    def _member(self, interface: str, queue_name: str | None) -> list[Member]:
        return [m for m in self.members if m.interface == interface and (queue_name in (None, m.queue))]

    def _answer(self, message: Message) -> bytes:
        name = (message.get("Action") or "").lower()
        action_id = message.action_id or ""
        if name == "queuepause":
            found = self._member(message.get("Interface") or "", message.get("Queue"))
            if not found:
                return frame(
                    ("Response", "Error"), ("ActionID", action_id), ("Message", "Interface not found")
                )
            paused = (message.get("Paused") or "").lower() == "true"
            text = "Interface paused successfully" if paused else "Interface unpaused successfully"
            for member in found:
                self._broadcast(
                    member_event(
                        "QueueMemberPause",
                        member.queue,
                        member.interface,
                        member.name,
                        paused=paused,
                        reason=message.get("Reason") or "",
                        dynamic=member.dynamic,
                    )
                )
            return frame(("Response", "Success"), ("ActionID", action_id), ("Message", text))
        if name == "queueremove":
            found = self._member(message.get("Interface") or "", message.get("Queue"))
            if not found:
                return frame(
                    ("Response", "Error"),
                    ("ActionID", action_id),
                    ("Message", "Unable to remove interface: Not there"),
                )
            if not found[0].dynamic:
                return frame(
                    ("Response", "Error"),
                    ("ActionID", action_id),
                    ("Message", "Unable to remove interface: Not dynamic"),
                )
            self.members.remove(found[0])
            self._broadcast(
                member_event(
                    "QueueMemberRemoved",
                    found[0].queue,
                    found[0].interface,
                    found[0].name,
                    paused=False,
                    reason="",
                    dynamic=True,
                )
            )
            return frame(
                ("Response", "Success"), ("ActionID", action_id), ("Message", "Removed interface from queue")
            )
        if name == "queueadd":
            if self._member(message.get("Interface") or "", message.get("Queue")):
                return frame(
                    ("Response", "Error"),
                    ("ActionID", action_id),
                    ("Message", "Unable to add interface: Already there"),
                )
            self.members.append(
                Member(
                    message.get("Queue") or "",
                    message.get("Interface") or "",
                    message.get("MemberName") or "",
                )
            )
            self._broadcast(
                member_event(
                    "QueueMemberAdded",
                    message.get("Queue") or "",
                    message.get("Interface") or "",
                    message.get("MemberName") or "",
                    paused=False,
                    reason="",
                    dynamic=True,
                )
            )
            return frame(
                ("Response", "Success"), ("ActionID", action_id), ("Message", "Added interface to queue")
            )
        if name == "queuestatus":
            return self._queue_status(action_id)
        if name == "coreshowchannels":
            return frame(
                ("Response", "Success"),
                ("ActionID", action_id),
                ("EventList", "start"),
                ("Message", "Channels will follow"),
            ) + frame(
                ("Event", "CoreShowChannelsComplete"),
                ("ActionID", action_id),
                ("EventList", "Complete"),
                ("ListItems", "0"),
            )
        if name == "originate":
            return frame(
                ("Response", "Success"), ("ActionID", action_id), ("Message", "Originate successfully queued")
            )
        if name == "ping":
            return frame(("Response", "Success"), ("ActionID", action_id), ("Ping", "Pong"))
        if name == "hangup":
            # Any channel but the one tests name to be gone is hung up, as Asterisk words it.
            if message.get("Channel") == self.missing_channel:
                return frame(("Response", "Error"), ("ActionID", action_id), ("Message", "No such channel"))
            return frame(("Response", "Success"), ("ActionID", action_id), ("Message", "Channel Hungup"))
        return frame(("Response", "Error"), ("ActionID", action_id), ("Message", "Invalid/unknown command"))

    def _queue_status(self, action_id: str) -> bytes:
        """QueueParams then QueueMember per member, worded as s05 recorded them."""
        out = frame(
            ("Response", "Success"),
            ("ActionID", action_id),
            ("EventList", "start"),
            ("Message", "Queue status will follow"),
        )
        items = 0
        for queue_name in sorted({member.queue for member in self.members}):
            out += frame(
                ("Event", "QueueParams"),
                ("Queue", queue_name),
                ("Max", "0"),
                ("Strategy", "rrmemory"),
                ("Calls", "0"),
                ("Holdtime", "0"),
                ("TalkTime", "0"),
                ("Completed", "0"),
                ("Abandoned", "0"),
                ("ServiceLevel", "20"),
                ("ServicelevelPerf", "0.0"),
                ("ServicelevelPerf2", "0.0"),
                ("Weight", "0"),
                ("ActionID", action_id),
            )
            items += 1
            for member in (m for m in self.members if m.queue == queue_name):
                out += frame(
                    ("Event", "QueueMember"),
                    ("Queue", queue_name),
                    ("Name", member.name),
                    ("Location", member.interface),
                    ("StateInterface", member.interface),
                    ("Membership", "dynamic" if member.dynamic else "static"),
                    ("Penalty", "0"),
                    ("CallsTaken", "0"),
                    ("LastCall", "0"),
                    ("LastPause", "0"),
                    ("LoginTime", "1795355835"),
                    ("InCall", "0"),
                    ("Status", "1"),
                    ("Paused", "0"),
                    ("PausedReason", ""),
                    ("Wrapuptime", "0"),
                    ("ActionID", action_id),
                )
                items += 1
        return out + frame(
            ("Event", "QueueStatusComplete"),
            ("ActionID", action_id),
            ("EventList", "Complete"),
            ("ListItems", str(items)),
        )

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(BANNER)
        parser = FrameParser(expect_banner=False)
        logged_in = False
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    return
                for message in parser.feed(data):
                    self.actions.put(message)
                    name = (message.get("Action") or "").lower()
                    action_id = message.action_id or ""
                    if name == "login":
                        if message.get("Username") == self.username and message.get("Secret") == self.secret:
                            logged_in = True
                            self._writers.append(writer)
                            writer.write(
                                frame(
                                    ("Response", "Success"),
                                    ("ActionID", action_id),
                                    ("Message", "Authentication accepted"),
                                )
                            )
                        else:
                            writer.write(
                                frame(
                                    ("Response", "Error"),
                                    ("ActionID", action_id),
                                    ("Message", "Authentication failed"),
                                )
                            )
                            writer.close()
                            return
                    elif not logged_in:
                        writer.write(
                            frame(
                                ("Response", "Error"),
                                ("ActionID", action_id),
                                ("Message", "Permission denied"),
                            )
                        )
                    elif name == "logoff":
                        writer.write(
                            frame(
                                ("Response", "Goodbye"),
                                ("ActionID", action_id),
                                ("Message", "Thanks for all the fish."),
                            )
                        )
                        await writer.drain()
                        writer.close()
                        return
                    else:
                        writer.write(self._answer(message))
                await writer.drain()
        except (ConnectionError, OSError):
            return
        finally:
            with contextlib.suppress(ValueError):
                self._writers.remove(writer)
            with contextlib.suppress(Exception):
                writer.close()
