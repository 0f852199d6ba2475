"""A session carried to another node of the group counts as one session for payroll."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from callcenter.agents.models import SessionMove
from callcenter.payroll.builder import SessionRow, build_report
from callcenter.payroll.moves import join_moves
from callcenter.stats.models import AgentSession, QueueLogLine
from tests.factories import AgentFactory, QueueFactory, QueueMembershipFactory

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _row(server: str, start_min: int, end_min: int, *, open: bool = False) -> SessionRow:
    return SessionRow(
        server,
        "support",
        "PJSIP/3001",
        T0 + dt.timedelta(minutes=start_min),
        T0 + dt.timedelta(minutes=end_min),
        "pbx",
        open,
    )


def _move(at_min: float, from_server: str = "b", to_server: str = "a") -> SessionMove:
    return SessionMove(
        queue="support",
        interface="PJSIP/3001",
        from_server=from_server,
        to_server=to_server,
        moved_at=T0 + dt.timedelta(minutes=at_min),
    )


def test_the_lost_node_s_session_and_its_continuation_become_one() -> None:
    rows = [_row("b", 0, 30, open=True), _row("a", 60, 240)]
    join_moves(rows, [_move(59.99)])
    assert len(rows) == 1
    assert (rows[0].server, rows[0].started_at, rows[0].ended_at, rows[0].open) == (
        "a",
        T0,
        T0 + dt.timedelta(minutes=240),
        False,
    )


def test_without_the_continuation_the_lost_session_ends_at_the_move() -> None:
    rows = [_row("b", 0, 90, open=True)]
    join_moves(rows, [_move(60)])
    assert (rows[0].ended_at, rows[0].open) == (T0 + dt.timedelta(minutes=60), False)


def test_sessions_of_other_queues_interfaces_and_later_starts_are_untouched() -> None:
    other_queue = _row("b", 0, 30)
    other_queue.queue = "sales"
    later = _row("a", 200, 240)  # starts long after the move: a log-in of its own
    rows = [other_queue, later]
    join_moves(rows, [_move(60)])
    assert [(row.queue, row.started_at) for row in rows] == [
        ("sales", T0),
        ("support", T0 + dt.timedelta(minutes=200)),
    ]


def test_two_moves_back_and_forth_make_one_session() -> None:
    rows = [_row("b", 0, 30, open=True), _row("a", 60, 100, open=True), _row("b", 120, 200)]
    join_moves(rows, [_move(60), _move(120, from_server="a", to_server="b")])
    assert [(row.server, row.started_at, row.ended_at) for row in rows] == [
        ("b", T0, T0 + dt.timedelta(minutes=200))
    ]


@pytest.mark.django_db
def test_the_payroll_report_shows_one_session_across_a_failover() -> None:
    agent = AgentFactory(extension="3001", member_name="Agent 3001")
    QueueMembershipFactory(agent=agent, queue=QueueFactory(name="support"))
    day = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    moved = start + dt.timedelta(hours=2)
    end = start + dt.timedelta(hours=8)
    # Node b died at 11:00 without a REMOVEMEMBER; node a's session starts a second after the move.
    AgentSession.objects.create(
        server="b", queue="support", interface="PJSIP/3001", agent="Agent 3001", started_at=start
    )
    AgentSession.objects.create(
        server="a",
        queue="support",
        interface="PJSIP/3001",
        agent="Agent 3001",
        started_at=moved + dt.timedelta(seconds=1),
        ended_at=end,
    )
    QueueLogLine.objects.create(
        server="a",
        line_hash="00000000-0000-0000-0000-000000000001",
        file_offset=0,
        time=end,
        callid="MANAGER",
        queue="support",
        agent="PJSIP/3001",
        verb="REMOVEMEMBER",
    )
    SessionMove.objects.create(
        agent=agent, queue="support", interface="PJSIP/3001", from_server="b", to_server="a", moved_at=moved
    )
    report = build_report(day, day)
    employee = next(e for e in report.employees if e.member_name == "Agent 3001")
    sessions = [
        (s.server, s.started_at, s.ended_at, s.open) for s in employee.sessions if s.queue == "support"
    ]
    assert sessions == [("a", start, end, False)]
