"""Queue members: availability, the status events and headers that describe them, and their administration."""

from __future__ import annotations

from collections.abc import Iterator

from callcenter.simulator.channels import Headers
from callcenter.simulator.engine.channel_events import ChannelEvents
from callcenter.simulator.engine.constants import (
    DEVICE_INUSE,
    DEVICE_NOT_INUSE,
    DEVICE_RINGING,
    DEVICE_UNAVAILABLE,
)
from callcenter.simulator.engine.model import EngineError, Queue, QueueMember


class Members(ChannelEvents):
    """Who can take a call, how members are reported, and QueuePause/QueueAdd/QueueRemove/QueuePenalty."""

    def member_available(self, member: QueueMember, queue: Queue) -> bool:
        if member.paused or member.device in self.unavailable_devices:
            return False
        if member.wrapup_until > self.now():
            return False
        in_use = self.device_use.get(member.device, 0) > 0
        return not (in_use and not queue.config.ringinuse)

    def _avail_state(self, queue: Queue) -> None:
        """Queue:<name>_avail is a cached device state: published only when its value changes."""
        state = (
            "NOT_INUSE" if any(self.member_available(member, queue) for member in queue.members) else "INUSE"
        )
        if self._avail_published.get(queue.name) != state:
            self._avail_published[queue.name] = state
            self._device_state(f"Queue:{queue.name}_avail", state)

    def _member_status(self, member: QueueMember, queue_name: str) -> Headers:
        return [
            *self._member_identity(member, queue_name),
            ("Status", str(self.device_status(member))),
            ("Paused", "1" if member.paused else "0"),
            ("PausedReason", member.paused_reason),
            ("Ringinuse", "1" if self._queue_of(member).config.ringinuse else "0"),
            ("Wrapuptime", str(self._queue_of(member).config.wrapuptime)),
        ]

    def device_status(self, member: QueueMember) -> int:
        """The member's device state as QueueMember/QueueMemberStatus report it (a ringing Local is INUSE)."""
        if member.device in self.unavailable_devices:
            return DEVICE_UNAVAILABLE
        if self.ringing_devices.get(member.device, 0) > 0 and self.device_use.get(member.device, 0) <= 1:
            return DEVICE_RINGING
        if self.device_use.get(member.device, 0) > 0:
            return DEVICE_INUSE
        return DEVICE_NOT_INUSE

    def _member_identity(self, member: QueueMember, queue_name: str) -> Headers:
        return [
            ("Queue", queue_name),
            ("MemberName", member.name),
            ("Interface", member.interface),
            *member_details(member),
        ]

    def _all_members(self) -> Iterator[tuple[Queue, QueueMember]]:
        """Every queue's members, queue by queue."""
        for queue in self.queues.values():
            for member in queue.members:
                yield queue, member

    def _queue_of(self, member: QueueMember) -> Queue:
        for queue, candidate in self._all_members():
            if candidate is member:
                return queue
        raise EngineError("Interface not found")

    def _members_on_interface(self, interface: str) -> list[tuple[Queue, QueueMember]]:
        return [(queue, member) for queue, member in self._all_members() if member.interface == interface]

    def _members_on_device(self, device: str) -> list[tuple[Queue, QueueMember]]:
        return [(queue, member) for queue, member in self._all_members() if member.device == device]

    def _member_status_event(self, device: str, *, avail: bool = False) -> None:
        for queue, member in self._members_on_device(device):
            self.emit("QueueMemberStatus", "agent,all", self._member_status(member, queue.name))
            if avail:
                self._avail_state(queue)

    def _release_device(self, member: QueueMember) -> None:
        self._release_device_name(member.device)

    def _release_device_name(self, device: str) -> None:
        count = self.device_use.get(device, 0) - 1
        if count > 0:
            self.device_use[device] = count
        else:
            self.device_use.pop(device, None)

    @staticmethod
    def agent_field(member: QueueMember) -> str:
        """queue_log's agent column for calls and pauses: the member's MemberName (its interface when it has none).

        app_queue writes ``member->membername`` for CONNECT, RINGNOANSWER, PAUSE and the rest, whether the
        member is static or dynamic (apps/app_queue.c); only ADDMEMBER and REMOVEMEMBER name a dynamic member
        by its interface while ``log_membername_as_agent = no`` (see add_member and remove_member).
        """
        return member.name

    # ------------------------------------------------------------------ member administration
    def find_members(self, interface: str, queue_name: str | None) -> list[tuple[Queue, QueueMember]]:
        queues = [self.queues[queue_name]] if queue_name else list(self.queues.values())
        return [
            (queue, member) for queue in queues for member in queue.members if member.interface == interface
        ]

    def pause(self, interface: str, queue_name: str | None, paused: bool, reason: str) -> None:
        """QueuePause, logged as in s04: PAUSE/UNPAUSE per queue, PAUSEALL/UNPAUSEALL first when no queue."""
        if queue_name is not None and queue_name not in self.queues:
            raise EngineError("Interface not found")
        found = self.find_members(interface, queue_name)
        if not found:
            raise EngineError("Interface not found")
        now = self.now()
        if queue_name is None:
            self.log(
                "NONE", "NONE", self.agent_field(found[0][1]), "PAUSEALL" if paused else "UNPAUSEALL", reason
            )
        for queue, member in found:
            none_available = not any(self.member_available(other, queue) for other in queue.members)
            member.paused = paused
            member.paused_reason = reason
            if paused:
                member.last_pause = now
            self.log("NONE", queue.name, self.agent_field(member), "PAUSE" if paused else "UNPAUSE", reason)
            self._device_state(
                f"Queue:{queue.name}_pause_{member.interface}", "INUSE" if paused else "NOT_INUSE"
            )
            if not paused and none_available:
                self._avail_state(queue)
            self.emit("QueueMemberPause", "agent,all", self._member_status(member, queue.name))
            if not paused:
                member.paused_reason = ""
        if not paused:
            self.kick()

    def add_member(
        self,
        queue_name: str,
        interface: str,
        *,
        name: str,
        penalty: int,
        paused: bool,
        reason: str,
        state_interface: str,
    ) -> None:
        queue = self.queues.get(queue_name)
        if queue is None:
            raise EngineError("Unable to add interface to queue: No such queue")
        if queue.member(interface) is not None:
            raise EngineError("Unable to add interface: Already there")
        member = QueueMember(
            interface=interface,
            name=name or interface,
            state_interface=state_interface or interface,
            penalty=penalty,
            dynamic=True,
            login_time=self.now(),
            position=len(queue.members),
            paused=paused,
            paused_reason=reason if paused else "",
        )
        queue.members.append(member)
        self._device_state(f"Queue:{queue.name}_pause_{interface}", "INUSE" if paused else "NOT_INUSE")
        self.emit("QueueMemberAdded", "agent,all", self._member_status(member, queue.name))
        self.log("MANAGER", queue.name, interface, "ADDMEMBER", "")
        self.kick()

    def remove_member(self, queue_name: str, interface: str) -> None:
        queue = self.queues.get(queue_name)
        if queue is None:
            raise EngineError("Unable to remove interface from queue: No such queue")
        member = queue.member(interface)
        if member is None:
            raise EngineError("Unable to remove interface: Not there")
        if not member.dynamic:
            raise EngineError("Unable to remove interface: Not dynamic")
        self.emit("QueueMemberRemoved", "agent,all", self._member_status(member, queue.name))
        queue.members.remove(member)
        self.log("MANAGER", queue.name, interface, "REMOVEMEMBER", "")

    def set_penalty(self, interface: str, penalty: int, queue_name: str | None) -> None:
        found = self.find_members(interface, queue_name)
        if not found:
            raise EngineError("Invalid interface, queuename or penalty")
        for queue, member in found:
            member.penalty = penalty
            self.log("NONE", queue.name, interface, "PENALTY", penalty)
            self.emit("QueueMemberPenalty", "agent,all", self._member_status(member, queue.name))


def member_details(member: QueueMember) -> Headers:
    """The member headers QueueMember, QueueMemberStatus and the other member events share, in their order."""
    return [
        ("StateInterface", member.state_interface),
        ("Membership", "dynamic" if member.dynamic else "static"),
        ("Penalty", str(member.penalty)),
        ("CallsTaken", str(member.calls)),
        ("LastCall", str(int(member.last_call))),
        ("LastPause", str(int(member.last_pause))),
        ("LoginTime", str(int(member.login_time))),
        ("InCall", "1" if member.in_call else "0"),
    ]
