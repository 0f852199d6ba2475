"""AMI events as Asterisk 22 sends them, written for the live reducer tests."""

from __future__ import annotations

from dataclasses import dataclass

from callcenter.ami.protocol import Message

T0 = 1795355838.0  # about when the recordings were made


def ev(event: str, **headers: str) -> Message:
    return Message([("Event", event), *headers.items()])


def member_event(
    event: str,
    queue: str,
    interface: str,
    *,
    name: str = "Agent 1001",
    membership: str = "dynamic",
    status: str = "1",
    paused: str = "0",
    reason: str = "",
) -> Message:
    """A queue member event (QueueMemberStatus, QueueMemberPause, QueueMember, ...) with every field
    app_queue fills in."""
    return ev(
        event,
        Queue=queue,
        MemberName=name,
        Interface=interface,
        StateInterface=interface,
        Membership=membership,
        Penalty="0",
        Status=status,
        Paused=paused,
        PausedReason=reason,
    )


@dataclass(frozen=True)
class QueueCall:
    """One caller's channel in a queue and the events Asterisk sends about it."""

    callid: str
    channel: str
    queue: str = "support"

    def event(self, event: str, **headers: str) -> Message:
        """A channel event of the caller's channel."""
        return ev(event, Channel=self.channel, Uniqueid=self.callid, **headers)

    def queue_event(self, event: str, **headers: str) -> Message:
        """An app_queue event about this caller."""
        return self.event(event, Queue=self.queue, **headers)

    def variable(self, name: str, value: str) -> Message:
        return self.event("VarSet", Variable=name, Value=value)

    def agent_event(self, event: str, interface: str, member: str, **headers: str) -> Message:
        """AgentCalled, AgentConnect, AgentComplete, ... for the member at ``interface``."""
        return self.queue_event(event, Interface=interface, MemberName=member, **headers)
