"""Which logged-in sessions belong to an agent, as the payroll staff review and correct them."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from callcenter.agents.models import Agent
from callcenter.payroll.queries import agent_interfaces, agent_sessions
from tests.payroll.conftest import PERIOD, TZ, correct_ivans_tuesday, ivans_tuesday

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo(TZ)


def _ivan() -> Agent:
    return Agent.objects.get(member_name="Agent 1001")


def test_an_agent_is_known_by_interface_and_member_name(payroll_data: dict[str, Any]) -> None:
    assert agent_interfaces(_ivan()) == {"Local/1001@agents/n", "Agent 1001"}


def test_the_sessions_of_the_period_come_oldest_first_with_their_log_outs(
    payroll_data: dict[str, Any], payroll_user: Any
) -> None:
    rows = agent_sessions(_ivan(), payroll_user, *PERIOD, ZONE)
    local = [
        (row.session.queue, row.session.started_at.astimezone(ZONE).strftime("%d %H:%M")) for row in rows
    ]
    assert sorted(local[:2]) == [("sales", "02 09:00"), ("support", "02 09:00")]
    assert local[2:] == [("support", "03 09:00"), ("support", "04 10:00")]
    # Tuesday's session has no REMOVEMEMBER: it ends at the next log-in, not by a log-out.
    assert [row.logged_out for row in rows] == [True, True, False, True]


def test_only_the_sessions_overlapping_the_days_are_listed(
    payroll_data: dict[str, Any], payroll_user: Any
) -> None:
    day = dt.date(2026, 11, 3)
    rows = agent_sessions(_ivan(), payroll_user, day, day, ZONE)
    assert [row.session.started_at.astimezone(ZONE).day for row in rows] == [3]


def test_a_correction_is_shown_beside_the_session_it_corrects(
    payroll_data: dict[str, Any], payroll_user: Any
) -> None:
    correction = correct_ivans_tuesday(payroll_user)
    tuesday = ivans_tuesday()
    rows = agent_sessions(_ivan(), payroll_user, *PERIOD, ZONE)
    assert [row.corrections for row in rows if row.session.pk == tuesday.pk] == [[correction]]
    assert all(row.corrections == [] for row in rows if row.session.pk != tuesday.pk)


def test_corrections_are_listed_only_to_who_may_see_them(
    payroll_data: dict[str, Any], payroll_user: Any, manager_user: Any
) -> None:
    correct_ivans_tuesday(payroll_user)
    rows = agent_sessions(_ivan(), manager_user, *PERIOD, ZONE)
    assert all(row.corrections == [] for row in rows)
