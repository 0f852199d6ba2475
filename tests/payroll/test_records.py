"""``WorkedTime.add``: a day's seconds counted into another day's or an employee's."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, fields

from callcenter.payroll.records import Day, Employee, WorkedTime

TIME_FIELDS = [spec.name for spec in fields(WorkedTime)]


def test_every_figure_is_summed() -> None:
    total = WorkedTime(logged_in_s=100, worked_s=80, night_s=10, pause_paid_s=5, pause_unpaid_s=15)
    total.add(WorkedTime(logged_in_s=1, worked_s=2, night_s=3, pause_paid_s=4, pause_unpaid_s=5))
    assert total == WorkedTime(logged_in_s=101, worked_s=82, night_s=13, pause_paid_s=9, pause_unpaid_s=20)


def test_no_figure_of_worked_time_is_left_out() -> None:
    total = WorkedTime()
    total.add(WorkedTime(**{name: index + 1 for index, name in enumerate(TIME_FIELDS)}))
    assert asdict(total) == {name: index + 1 for index, name in enumerate(TIME_FIELDS)}


def test_the_added_time_is_left_as_it_was() -> None:
    day = WorkedTime(worked_s=60)
    WorkedTime(worked_s=30).add(day)
    assert day == WorkedTime(worked_s=60)


def test_a_day_counts_into_its_employee_without_touching_the_call_figures() -> None:
    ivan = Employee(agent_id=1, payroll_number="T-1", name="Ivan", member_name="Agent 1001", answered=4)
    monday = Day(date=dt.date(2026, 11, 23), holiday=False, logged_in_s=3600, worked_s=3000, night_s=600)
    ivan.add(monday)
    ivan.add(monday)
    assert (ivan.logged_in_s, ivan.worked_s, ivan.night_s) == (7200, 6000, 1200)
    assert (ivan.answered, ivan.days) == (4, [])
