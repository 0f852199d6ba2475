"""An agent's state: the whole of it, and as one queue's tile sees it."""

from __future__ import annotations

from callcenter.live.state.model import Agent, Membership

# Device states (AST_DEVICE_*) as QueueMemberStatus reports them.
_DEVICE_BUSY = frozenset({2, 3, 8})  # in use, busy, on hold
_DEVICE_RINGING = frozenset({6, 7})  # ringing, ring in use
_DEVICE_GONE = frozenset({4, 5})  # invalid, unavailable


def agent_state(agent: Agent, now: float) -> str:
    """An agent's state from its call, ringing, device status, pauses and wrap-up."""
    if agent.current_call:
        return "in call"
    if agent.ringing:
        return "ringing"
    status = agent.device_status
    if status in _DEVICE_GONE:
        return "unavailable"
    if agent.queues and all(m.paused for m in agent.queues.values()):
        return "paused"  # paused in only some queues: still takes the others' calls
    if status in _DEVICE_BUSY:
        return "in call"
    if status in _DEVICE_RINGING:
        return "ringing"
    if agent.wrapup_until > now:
        return "wrap-up"
    return "idle"


def member_state(agent: Agent, member: Membership) -> str:
    """The agent's state as one queue sees it: pause is per queue in app_queue, so a member paused
    here is "paused" on this queue's tile even while another queue can still reach it."""
    if member.paused and not agent.current_call and not agent.ringing and agent.state != "unavailable":
        return "paused"
    return agent.state
