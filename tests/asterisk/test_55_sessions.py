"""An agent's day as a dynamic member on a real phone: log-in by feature code, a pause that runs over its
reason's limit, log-out from the agent page, and the log-in session that payroll counts.

Agent 1011 is a dynamic member of support and sales only (nothing in queues.conf): everything it does is
a log-in session in queue_log (ADDMEMBER to REMOVEMEMBER), which is what its payroll hours are.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.db import transaction
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from callcenter.live.messages import BoardAgent
from tests.asterisk.amiprobe import ask
from tests.asterisk.conftest import (
    Center,
    LogLine,
    apply,
    assert_live_equals_asterisk,
    live_snapshot,
    log_mark,
    queue_log,
    wait_log,
)
from tests.asterisk.node import wait_until
from tests.asterisk.phones import registered_phone

EXTENSION = "1011"
INTERFACE = f"PJSIP/{EXTENSION}"
MEMBER = f"Agent {EXTENSION}"
QUEUES = ("sales", "support")
LIMIT_MINUTES = Decimal("0.1")  # 6 s: the pause limit of this test's reason


@pytest.fixture(scope="module")
def day(center: Center) -> Iterator[dict[str, Any]]:
    """Agent 1011 (Team A, user agent11) with dynamic memberships in support and sales, applied to the node,
    its desk phone registered; a pause reason with a 6-second limit."""
    from callcenter.accounts.models import Role, User
    from callcenter.agents import actions as agent_actions
    from callcenter.agents.models import Agent, PauseReason, QueueMembership, Team
    from callcenter.pbx.models import PhoneAccount, Queue

    user = User(username="agent11", role=Role.AGENT)
    user.set_password("agent11-test-2026")
    user.save()
    agent = agent_actions.save(
        None,
        Agent(
            display_name="Dina Dynamic",
            payroll_number="01011",
            extension=EXTENSION,
            member_name=MEMBER,
            team=Team.objects.get(name="Team A"),
            user=user,
        ),
    )
    for name in QUEUES:
        agent_actions.save(None, QueueMembership(agent=agent, queue=Queue.objects.get(name=name)))
    reason = agent_actions.save(
        None, PauseReason(code="smoke", label="Smoke break", paid=False, max_minutes=LIMIT_MINUTES)
    )
    start = len(center.node.log_lines())
    entry = apply(center.server, center.node.sounds / "en")
    assert entry.status == "applied", entry.error
    assert center.node.problems(start) == []
    password = PhoneAccount.objects.get(extension=EXTENSION).secret
    center.phones[EXTENSION] = registered_phone(EXTENSION, password, center.node.sip_port)
    try:
        yield {"agent": agent, "user": user, "reason": reason, "mark": log_mark(center)}
    finally:
        agent_actions.delete(None, reason)


def _members(center: Center) -> list[dict[str, str]]:
    status = ask(center.node.ami_port, center.node.ami_username, center.node.ami_secret, "QueueStatus")
    return [
        event
        for event in status.events
        if event.get("Event") == "QueueMember" and event.get("Location") == INTERFACE
    ]


def _lines(center: Center, verb: str, after: int) -> list[LogLine]:
    return [line for line in queue_log(center)[after:] if line.verb == verb]


def _board_item(center: Center) -> BoardAgent | None:
    """The agent as the admin's wallboard shows it, from the live store the bridge writes."""
    from callcenter.accounts.models import User
    from callcenter.wallboard import board, livestate

    frame = board.snapshot_frame(
        board.scope_for(User.objects.get(username="admin")), livestate.read_all(), []
    )
    return frame["agents"].get(INTERFACE)


def _agent_page(day: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(day["user"])
    return client


def test_the_agent_logs_in_by_feature_code_as_a_dynamic_member_with_its_phone_state(
    center: Center, day: dict[str, Any]
) -> None:
    phone = center.phones[EXTENSION]
    since = phone.dial(f"sip:*70@127.0.0.1:{center.node.sip_port}")
    phone.wait_disconnected(since)
    for name in QUEUES:
        added = wait_log(center, "ADDMEMBER", queue=name, after=day["mark"])
        assert added.agent == INTERFACE  # queue_log names a dynamic member by its interface
    members = {event["Queue"]: event for event in _members(center)}
    assert set(members) == set(QUEUES)
    for event in members.values():
        assert (event["Name"], event["Membership"], event["StateInterface"]) == (MEMBER, "dynamic", INTERFACE)
    assert_live_equals_asterisk(center)
    snapshot: Mapping[str, Any] = live_snapshot(center) or {}
    live = snapshot["agents"][INTERFACE]
    assert live["name"] == MEMBER
    assert {name: queue["membership"] for name, queue in live["queues"].items()} == dict.fromkeys(
        QUEUES, "dynamic"
    )


def test_a_pause_over_its_reasons_limit_raises_the_board_alarm_until_it_ends(
    center: Center, day: dict[str, Any], settings: Settings, mailoutbox: list[EmailMessage]
) -> None:
    from callcenter.accounts.models import User
    from callcenter.wallboard import actions, board

    supervisor = User.objects.get(username="supervisor")
    supervisor.email = "supervisor@example.com"
    supervisor.save(update_fields=["email"])
    settings.PAUSE_LIMIT_EMAIL = True
    mark = log_mark(center)
    page = _agent_page(day)
    answer = page.post("/wallboard/agent/pause/", {"paused": "1", "reason": "smoke"}, follow=True)
    assert [str(m) for m in answer.context["messages"]] == ["Paused."]
    pause = wait_log(center, "PAUSE", queue="sales", after=mark)

    item = wait_until(
        lambda: found if (found := _board_item(center)) and found["pause_alarm_at"] else None,
        10,
        "the board to know the pause's limit",
    )
    # The pause began when Asterisk paused the member (LastPause = the PAUSE line), not when we looked.
    assert item["paused_since"] is not None and abs(item["paused_since"] - pause.time) <= 1
    assert (item["pause_limit_reason"], item["pause_limit_s"]) == ("smoke", 6.0)
    assert item["pause_alarm_at"] == pytest.approx(item["paused_since"] + 6.0)
    assert board.pause_alarms({INTERFACE: item}, time.time()) == []  # not yet over
    wait_until(
        lambda: board.pause_alarms({INTERFACE: item}, time.time()), 10, "the pause to run over its limit"
    )
    over = _board_item(center)
    assert over is not None and board.pause_alarms({INTERFACE: over}, time.time()) == [over]

    # One e-mail to the team's supervisors, once for this pause.
    assert [p.member_name for p in actions.alert_long_pauses()] == [MEMBER]
    assert actions.alert_long_pauses() == []
    [mail] = mailoutbox
    assert mail.to == ["supervisor@example.com"] and "Dina Dynamic" in mail.subject

    page.post("/wallboard/agent/pause/", {"paused": "0"})
    wait_log(center, "UNPAUSE", queue="sales", after=mark)
    wait_until(
        lambda: (found := _board_item(center)) is not None and found["pause_alarm_at"] is None,
        5,
        "the alarm to end with the pause",
    )
    after = _board_item(center)
    assert after is not None and board.pause_alarms({INTERFACE: after}, time.time()) == []
    assert_live_equals_asterisk(center)


def test_the_agent_logs_out_from_the_agent_page(center: Center, day: dict[str, Any]) -> None:
    mark = log_mark(center)
    answer = _agent_page(day).post("/wallboard/agent/queue/", {"queue": "", "op": "logout"}, follow=True)
    assert [str(m) for m in answer.context["messages"]] == ["Logged out of sales, support."]
    for name in QUEUES:
        removed = wait_log(center, "REMOVEMEMBER", queue=name, after=mark)
        assert removed.agent == INTERFACE
    assert _members(center) == []
    assert_live_equals_asterisk(center)


def test_a_static_member_is_refused_a_log_out_before_asterisk_is_asked(
    center: Center, day: dict[str, Any]
) -> None:
    from callcenter.accounts.models import User
    from callcenter.agents.models import Agent
    from callcenter.pbx.models import Queue
    from callcenter.wallboard.actions import WallboardActionError, remove_from_queue

    mark = log_mark(center)
    with pytest.raises(WallboardActionError) as refused:
        remove_from_queue(
            User.objects.get(username="admin"),
            Agent.objects.get(extension="1001"),
            Queue.objects.get(name="support"),
        )
    assert refused.value.status == 409 and "static member of support" in refused.value.message
    assert "PJSIP/1001" in center.node.cli("queue show support")
    assert _lines(center, "REMOVEMEMBER", mark) == []


def _union_seconds(intervals: list[tuple[int, int]]) -> int:
    total, reach = 0, None
    for start, end in sorted(intervals):
        if reach is None or start >= reach:
            total, reach = total + end - start, end
        elif end > reach:
            total, reach = total + end - reach, end
    return total


def test_the_log_in_session_is_loaded_and_is_the_payroll_hours(center: Center, day: dict[str, Any]) -> None:
    from callcenter.payroll.builder import build_report
    from callcenter.stats.actions import load_queue_log
    from callcenter.stats.models import AgentSession
    from callcenter.stats.reports import ReportFilter, agent_summary

    lines = queue_log(center)[day["mark"] :]
    adds = {line.queue: line.time for line in lines if line.verb == "ADDMEMBER" and line.agent == INTERFACE}
    removes = {
        line.queue: line.time for line in lines if line.verb == "REMOVEMEMBER" and line.agent == INTERFACE
    }
    pauses = [line.time for line in lines if line.agent == MEMBER and line.verb in ("PAUSE", "UNPAUSE")]
    assert set(adds) == set(removes) == set(QUEUES)
    logged_in = _union_seconds([(adds[name], removes[name]) for name in QUEUES])
    assert logged_in > 0

    # test_90 loads the whole day once and checks it: this load is undone when the test ends.
    with transaction.atomic():
        load_queue_log(str(center.node.queue_log), center.server.name)
        sessions = AgentSession.objects.filter(agent=MEMBER).order_by("queue")
        assert [(s.queue, s.interface, s.started_at, s.ended_at) for s in sessions] == [
            (
                name,
                INTERFACE,
                datetime.fromtimestamp(adds[name], UTC),
                datetime.fromtimestamp(removes[name], UTC),
            )
            for name in QUEUES
        ]
        today = timezone.localdate()
        employee = next(e for e in build_report(today, today).employees if e.member_name == MEMBER)
        assert employee.logged_in_s == logged_in
        assert [(row.source, row.open) for row in employee.sessions] == [("pbx", False)] * len(QUEUES)
        assert employee.hours_from_calls is False
        # The smoke break is unpaid: worked time is the log-in less the pause.
        assert employee.pause_unpaid_s == max(pauses) - min(pauses)
        assert employee.worked_s == logged_in - employee.pause_unpaid_s
        flt = ReportFilter(date_from=today, date_to=today, tz=str(timezone.get_current_timezone()))
        summary = agent_summary(flt)[MEMBER]
        # The same log-in written for two queues in the same second is one session of the report.
        distinct = len({(adds[name], removes[name]) for name in QUEUES})
        assert (summary["sessions"], summary["logged_in_s"], summary["logged_in_from"]) == (
            distinct,
            logged_in,
            "sessions",
        )
        transaction.set_rollback(True)
