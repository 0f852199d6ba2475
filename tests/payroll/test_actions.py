"""Corrections and closed periods: validated, audited, locked until an explicit re-open."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pytest_django import Settings

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.payroll import actions
from callcenter.payroll.models import ClosedPeriod, SessionCorrection
from callcenter.stats.models import AgentSession

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 3, 6, 0, tzinfo=dt.UTC)  # 09:00 MSK
END = dt.datetime(2026, 11, 3, 15, 0, tzinfo=dt.UTC)  # 18:00 MSK


@pytest.fixture
def open_session(payroll_data: dict[str, Any]) -> AgentSession:
    return AgentSession.objects.get(interface="Local/1001@agents/n", started_at=START)


def test_correction_is_audited_and_keeps_the_original(open_session: AgentSession, payroll_user: User) -> None:
    correction = actions.correct_session(
        payroll_user, open_session, started_at=START, ended_at=END, reason="Forgot to log out"
    )
    assert (correction.original_started_at, correction.original_ended_at) == (START, open_session.ended_at)
    assert correction.agent.payroll_number == "00101"
    entry = AuditEntry.objects.get(action="payroll.correct_session")
    assert entry.actor == payroll_user
    assert entry.detail == "Forgot to log out"
    assert entry.changes["ended_at"][1] == END.isoformat()
    open_session.refresh_from_db()
    assert open_session.ended_at == dt.datetime(2026, 11, 4, 7, 0, tzinfo=dt.UTC)  # untouched PBX record


def test_correction_needs_a_reason_and_a_sane_interval(
    open_session: AgentSession, payroll_user: User
) -> None:
    with pytest.raises(ValidationError):
        actions.correct_session(payroll_user, open_session, started_at=START, ended_at=END, reason="  ")
    with pytest.raises(ValidationError):
        actions.correct_session(payroll_user, open_session, started_at=END, ended_at=START, reason="oops")
    with pytest.raises(ValidationError):
        actions.correct_session(payroll_user, open_session, started_at=START, ended_at=END, reason="a\nb")
    assert not SessionCorrection.objects.exists()


def test_only_payroll_and_admin_may_correct(
    open_session: AgentSession, manager_user: User, admin_user: User
) -> None:
    with pytest.raises(PermissionDenied):
        actions.correct_session(manager_user, open_session, started_at=START, ended_at=END, reason="x")
    actions.correct_session(admin_user, open_session, started_at=START, ended_at=END, reason="x")
    assert SessionCorrection.objects.count() == 1


def test_closed_period_refuses_corrections_until_reopened(
    open_session: AgentSession, payroll_user: User
) -> None:
    period = actions.close_period(payroll_user, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert AuditEntry.objects.filter(action="payroll.close_period").count() == 1
    with pytest.raises(actions.PeriodClosedError):
        actions.correct_session(payroll_user, open_session, started_at=START, ended_at=END, reason="late fix")
    assert not SessionCorrection.objects.exists()
    actions.reopen_period(payroll_user, period, "HR found a forgotten log-out")
    reopen = AuditEntry.objects.get(action="payroll.reopen_period")
    assert reopen.detail == "HR found a forgotten log-out"
    actions.correct_session(payroll_user, open_session, started_at=START, ended_at=END, reason="late fix")
    assert SessionCorrection.objects.count() == 1


def test_reopening_needs_a_reason_and_happens_once(payroll_user: User) -> None:
    period = actions.close_period(payroll_user, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    with pytest.raises(ValidationError):
        actions.reopen_period(payroll_user, period, "")
    actions.reopen_period(payroll_user, period, "recount")
    with pytest.raises(ValidationError):
        actions.reopen_period(payroll_user, period, "again")


def test_overlapping_closings_are_refused(payroll_user: User) -> None:
    actions.close_period(payroll_user, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    with pytest.raises(actions.PeriodClosedError):
        actions.close_period(payroll_user, dt.date(2026, 10, 15), dt.date(2026, 11, 15))
    assert ClosedPeriod.objects.count() == 1


def test_a_closing_outside_the_session_does_not_block_it(
    open_session: AgentSession, payroll_user: User
) -> None:
    actions.close_period(payroll_user, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    actions.correct_session(payroll_user, open_session, started_at=START, ended_at=END, reason="fix")
    assert SessionCorrection.objects.count() == 1


def test_closing_freezes_a_valid_export(payroll_data: dict[str, Any], payroll_user: User) -> None:
    from callcenter.payroll.export import validate_xml

    period = actions.close_period(
        payroll_user, dt.date(2026, 11, 2), dt.date(2026, 11, 4), tz="Europe/Moscow", schedule="main"
    )
    validate_xml(period.xml.encode("utf-8"))
    assert (period.tz, period.schedule) == ("Europe/Moscow", "main")
    assert "<PeriodClosed>true</PeriodClosed>" in period.xml
    assert '"payroll_number": "00101"' in period.json
    entry = AuditEntry.objects.get(action="payroll.close_period")
    assert entry.changes["tz"] == "Europe/Moscow"


def test_a_period_whose_export_is_invalid_is_not_closed(
    payroll_data: dict[str, Any], payroll_user: User, settings: Settings
) -> None:
    settings.ORGANISATION_INN = "12345"
    with pytest.raises(ValidationError, match="not valid"):
        actions.close_period(payroll_user, dt.date(2026, 11, 2), dt.date(2026, 11, 4), tz="Europe/Moscow")
    assert not ClosedPeriod.objects.exists()
    assert not AuditEntry.objects.filter(action="payroll.close_period").exists()
