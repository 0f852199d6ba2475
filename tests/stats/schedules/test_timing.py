"""Due times and report periods of schedules, in their own time zone, across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from callcenter.stats.schedules import timing
from callcenter.stats.schedules.models import ReportSchedule


def _schedule(**fields: Any) -> ReportSchedule:
    values: dict[str, Any] = {"frequency": "daily", "time_of_day": time(8, 0), "tz": "Europe/Moscow"}
    values.update(fields)
    return ReportSchedule(**values)


def test_daily_due_time_is_the_local_time_of_the_zone() -> None:
    schedule = _schedule()
    now = datetime(2026, 12, 7, 5, 30, tzinfo=UTC)  # 08:30 in Moscow
    assert timing.latest_due(schedule, now) == datetime(2026, 12, 7, 5, 0, tzinfo=UTC)
    assert timing.latest_due(schedule, datetime(2026, 12, 7, 4, 59, tzinfo=UTC)) == datetime(
        2026, 12, 6, 5, 0, tzinfo=UTC
    )


def test_weekly_schedule_is_due_on_its_weekday_and_covers_the_previous_week() -> None:
    schedule = _schedule(frequency="weekly", weekday=2)  # Wednesday
    due = timing.latest_due(schedule, datetime(2026, 12, 7, 12, 0, tzinfo=UTC))  # a Monday
    assert due == datetime(2026, 12, 2, 5, 0, tzinfo=UTC)
    assert timing.period(schedule, due) == (date(2026, 11, 23), date(2026, 11, 29))


def test_monthly_day_past_the_end_of_a_month_is_its_last_day() -> None:
    schedule = _schedule(frequency="monthly", day_of_month=31, tz="UTC")
    due = timing.latest_due(schedule, datetime(2027, 3, 10, tzinfo=UTC))
    assert due == datetime(2027, 2, 28, 8, 0, tzinfo=UTC)
    assert timing.period(schedule, due) == (date(2027, 1, 1), date(2027, 1, 31))


def test_daily_period_is_the_previous_local_day() -> None:
    schedule = _schedule(time_of_day=time(0, 30))
    due = datetime(2026, 12, 6, 21, 30, tzinfo=UTC)  # 00:30 on 7 December in Moscow
    assert timing.period(schedule, due) == (date(2026, 12, 6), date(2026, 12, 6))


def test_a_time_skipped_by_spring_forward_is_due_once_an_hour_later_by_the_clock() -> None:
    schedule = _schedule(time_of_day=time(2, 30), tz="Europe/Berlin")
    # 29 March 2026: clocks go from 02:00 CET to 03:00 CEST; 02:30 does not exist.
    due = timing.due_on(schedule, date(2026, 3, 29))
    assert due == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST
    assert timing.latest_due(schedule, datetime(2026, 3, 29, 1, 29, tzinfo=UTC)) == datetime(
        2026, 3, 28, 1, 30, tzinfo=UTC
    )


def test_a_time_repeated_by_fall_back_is_due_only_at_its_first_occurrence() -> None:
    schedule = _schedule(time_of_day=time(2, 30), tz="Europe/Berlin")
    # 25 October 2026: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert timing.due_on(schedule, date(2026, 10, 25)) == first
    assert timing.latest_due(schedule, datetime(2026, 10, 25, 1, 45, tzinfo=UTC)) == first


def test_next_due_is_the_first_after_now() -> None:
    schedule = _schedule(frequency="weekly", weekday=0, tz="America/New_York")  # Mondays 08:00 EST
    assert timing.next_due(schedule, datetime(2026, 12, 7, 12, 59, tzinfo=UTC)) == datetime(
        2026, 12, 7, 13, 0, tzinfo=UTC
    )
    assert timing.next_due(schedule, datetime(2026, 12, 7, 13, 0, tzinfo=UTC)) == datetime(
        2026, 12, 14, 13, 0, tzinfo=UTC
    )
