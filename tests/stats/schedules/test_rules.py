"""What a report schedule must satisfy before it is saved; a refused one changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.stats.schedules.conftest import MakeSchedule, schedule_errors

pytestmark = pytest.mark.django_db


def test_unknown_time_zone(manager_user: Any, make_schedule: MakeSchedule) -> None:
    assert schedule_errors(make_schedule, manager_user, tz="Mars/Olympus") == {"tz": ["Unknown time zone."]}


def test_weekly_needs_a_weekday(manager_user: Any, make_schedule: MakeSchedule) -> None:
    assert schedule_errors(make_schedule, manager_user, frequency="weekly") == {
        "weekday": ["Choose the day of the week."]
    }


def test_monthly_needs_a_day_of_the_month(manager_user: Any, make_schedule: MakeSchedule) -> None:
    errors = schedule_errors(make_schedule, manager_user, frequency="monthly", day_of_month=32)
    assert errors == {"day_of_month": ["Choose a day of the month from 1 to 31."]}


def test_unknown_report_and_format(manager_user: Any, make_schedule: MakeSchedule) -> None:
    errors = schedule_errors(make_schedule, manager_user, kind="payroll", fmt="doc")
    assert errors == {"kind": ["Unknown report."], "fmt": ["Unknown format."]}


def test_a_supervisor_may_not_schedule_another_teams_queue(
    center: dict[str, Any], make_schedule: MakeSchedule
) -> None:
    errors = schedule_errors(make_schedule, center["sam"], queues=["support", "sales"])
    assert errors == {"queues": ["Not among your queues: sales."]}


def test_a_supervisor_without_queues_has_nothing_to_schedule(make_schedule: MakeSchedule) -> None:
    from callcenter.accounts.models import Role
    from tests.factories import UserFactory

    lonely = UserFactory(username="lonely", role=Role.SUPERVISOR)
    errors = schedule_errors(make_schedule, lonely)
    assert errors == {"queues": ["You oversee no queues, so there is nothing to report on."]}


def test_agents_on_a_report_that_ignores_them(manager_user: Any, make_schedule: MakeSchedule) -> None:
    errors = schedule_errors(make_schedule, manager_user, kind="distribution", agents=["Agent 1001"])
    assert errors == {"agents": ["This report does not filter by agent; leave agents empty."]}


def test_no_recipient_and_no_own_address(manager_user: Any, make_schedule: MakeSchedule) -> None:
    errors = schedule_errors(make_schedule, manager_user, recipients=[])
    assert errors == {"recipients": ["Your account has no e-mail address; add at least one recipient."]}


def test_a_bad_address(manager_user: Any, make_schedule: MakeSchedule) -> None:
    errors = schedule_errors(make_schedule, manager_user, recipients=["boss@example.com", "not-an-address"])
    assert errors == {"recipients": ["Not an e-mail address: not-an-address."]}


def test_an_agent_cannot_own_a_schedule(center: dict[str, Any], make_schedule: MakeSchedule) -> None:
    errors = schedule_errors(make_schedule, center["agent_user"])
    assert errors == {"__all__": ["Only users who may read reports can schedule them."]}


def test_a_valid_schedule_keeps_only_the_fields_its_frequency_uses(
    manager_user: Any, make_schedule: MakeSchedule
) -> None:
    schedule = make_schedule(
        manager_user, weekday=3, day_of_month=5, recipients=[" a@example.com ", "a@example.com"]
    )
    assert (schedule.weekday, schedule.day_of_month, schedule.recipients) == (None, None, ["a@example.com"])
