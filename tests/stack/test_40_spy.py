"""A supervisor listens to an agent's call on the deployed stack: the session goes requested -> active ->
ended from the bridge's events, the supervisor's phone rings, and every step is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.asterisk.conftest import MAIN_DID, LogLine, queue_log
from tests.asterisk.node import wait_until
from tests.asterisk.phones import caller_phone
from tests.stack.conftest import Stack, wait_stack

if TYPE_CHECKING:
    from callcenter.agents.models import Agent


def _connect_after(stack: Stack, start: int) -> LogLine | None:
    class _Center:
        node = stack.node

    for line in queue_log(_Center)[start:]:  # type: ignore[arg-type]
        if line.verb == "CONNECT" and line.queue == "support":
            return line
    return None


def test_a_spy_session_goes_requested_active_ended_with_the_supervisors_phone_ringing(stack: Stack) -> None:
    from callcenter.accounts.models import User
    from callcenter.agents.models import Agent
    from callcenter.audit.models import AuditEntry
    from callcenter.wallboard.actions import start_spy
    from callcenter.wallboard.models import SpySession

    start = len(stack.node.queue_log_lines())
    caller = caller_phone("79164440001")
    try:
        since = caller.call(MAIN_DID, stack.node.sip_port)
        caller.choose(since, "1")
        connect = wait_until(lambda: _connect_after(stack, start), 20, "an agent to answer in support")
        agent = Agent.objects.get(member_name=connect.agent)
        supervisor = User.objects.get(username="supervisor")  # Team A's, phone 900
        wait_stack(stack, lambda: _in_call(agent), 10, "the live state to show the agent in a call")
        phone = stack.phones["900"]
        rings = phone.mark()
        session = start_spy(supervisor, agent, "listen")
        assert session.status == SpySession.Status.REQUESTED
        phone.wait_confirmed(rings)
        wait_stack(
            stack,
            lambda: SpySession.objects.get(pk=session.pk).status == SpySession.Status.ACTIVE,
            10,
            "the session to become active",
        )
        phone.hangup()
        phone.wait_disconnected(rings)
        wait_stack(
            stack,
            lambda: SpySession.objects.get(pk=session.pk).status == SpySession.Status.ENDED,
            10,
            "the session to end",
        )
        caller.hangup()
        caller.wait_disconnected(since)
    finally:
        caller.stop()
    actions = list(
        AuditEntry.objects.filter(action__startswith="wallboard.spy")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["wallboard.spy.start", "wallboard.spy.end"]


def _in_call(agent: Agent) -> bool:
    from callcenter.wallboard import livestate

    state = livestate.member_state(agent.effective_interface)
    return bool(state and state.get("in_call"))
