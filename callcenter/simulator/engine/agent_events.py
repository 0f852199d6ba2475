"""The headers app_queue's Agent* events (AgentCalled, AgentRingNoAnswer, AgentConnect, AgentComplete) carry."""

from __future__ import annotations

from callcenter.simulator.channels import Channel, Headers, snapshot
from callcenter.simulator.engine.model import Queue, QueueMember


def agent_event(
    caller: Channel, member_leg: Channel, queue: Queue, member: QueueMember, *extra: tuple[str, str]
) -> Headers:
    """The caller's channel, the member's leg as ``Dest``, the queue and the member, then the event's own headers."""
    return [
        *snapshot(caller),
        *snapshot(member_leg, "Dest"),
        ("Queue", queue.name),
        ("Interface", member.interface),
        ("MemberName", member.name),
        *extra,
    ]
