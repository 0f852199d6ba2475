"""Queue members as Asterisk 22's app_queue answers for them, worded as s04_pause_dynamic, s05 and s06_spy
recorded: QueuePause, QueueAdd, QueueRemove, QueueStatus, CoreShowChannels, Originate and Hangup."""

from __future__ import annotations

from dataclasses import dataclass, field

from callcenter.ami.protocol import Message
from tests.harness.ami import AMIServer, Connection
from tests.harness.frames import frame, list_complete, list_start, response


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


def queue_params(action_id: str, queue_name: str, strategy: str) -> bytes:
    """A QueueParams event of an idle queue, worded as s05 recorded it."""
    return frame(
        ("Event", "QueueParams"),
        ("Queue", queue_name),
        ("Max", "0"),
        ("Strategy", strategy),
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


@dataclass
class Member:
    queue: str
    interface: str
    name: str
    # Added at run time (QueueAdd) and removable; a static member (queues.conf) is not.
    dynamic: bool = True


@dataclass
class QueueMembers:
    """The node's queue members; the member events of a change go to every logged-in session."""

    members: list[Member] = field(default_factory=list)
    # Any channel but this one is hung up, as Asterisk words it.
    missing_channel: str = "PJSIP/gone-00000000"

    def install(self, server: AMIServer) -> None:
        self._server = server
        server.handlers.update(
            {
                "QueuePause": self._pause,
                "QueueRemove": self._remove,
                "QueueAdd": self._add,
                "QueueStatus": self._status,
                "CoreShowChannels": self._channels,
                "Originate": self._originate,
                "Hangup": self._hangup,
            }
        )

    def _found(self, message: Message) -> list[Member]:
        interface, queue_name = message.get("Interface") or "", message.get("Queue")
        return [m for m in self.members if m.interface == interface and queue_name in (None, m.queue)]

    def _membership_changed(
        self, connection: Connection, message: Message, member: Member, event: str, text: str
    ) -> None:
        """The response to the asker first, then the dynamic member's ``event`` to everyone, as Asterisk
        orders them."""
        connection.send(response(message.action_id, Message=text))
        self._server.push(
            member_event(
                event, member.queue, member.interface, member.name, paused=False, reason="", dynamic=True
            )
        )

    def _pause(self, connection: Connection, message: Message) -> bytes | None:
        found = self._found(message)
        if not found:
            return response(message.action_id, "Error", Message="Interface not found")
        paused = (message.get("Paused") or "").lower() == "true"
        text = "Interface paused successfully" if paused else "Interface unpaused successfully"
        connection.send(response(message.action_id, Message=text))
        for member in found:
            self._server.push(
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
        return None

    def _remove(self, connection: Connection, message: Message) -> bytes | None:
        found = self._found(message)
        if not found:
            return response(message.action_id, "Error", Message="Unable to remove interface: Not there")
        if not found[0].dynamic:
            return response(message.action_id, "Error", Message="Unable to remove interface: Not dynamic")
        member = found[0]
        self.members.remove(member)
        self._membership_changed(
            connection, message, member, "QueueMemberRemoved", "Removed interface from queue"
        )
        return None

    def _add(self, connection: Connection, message: Message) -> bytes | None:
        if self._found(message):
            return response(message.action_id, "Error", Message="Unable to add interface: Already there")
        member = Member(
            message.get("Queue") or "", message.get("Interface") or "", message.get("MemberName") or ""
        )
        self.members.append(member)
        self._membership_changed(connection, message, member, "QueueMemberAdded", "Added interface to queue")
        return None

    def _status(self, connection: Connection, message: Message) -> bytes | None:
        """QueueParams then QueueMember per member, worded as s05 recorded them."""
        action_id = message.action_id or ""
        out = list_start(action_id, "Queue status will follow")
        items = 0
        for queue_name in sorted({member.queue for member in self.members}):
            out += queue_params(action_id, queue_name, "rrmemory")
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
        return out + list_complete(action_id, "QueueStatusComplete", items)

    def _channels(self, connection: Connection, message: Message) -> bytes | None:
        return list_start(message.action_id, "Channels will follow") + list_complete(
            message.action_id, "CoreShowChannelsComplete", 0
        )

    def _originate(self, connection: Connection, message: Message) -> bytes | None:
        return response(message.action_id, Message="Originate successfully queued")

    def _hangup(self, connection: Connection, message: Message) -> bytes | None:
        if message.get("Channel") == self.missing_channel:
            return response(message.action_id, "Error", Message="No such channel")
        return response(message.action_id, Message="Channel Hungup")
