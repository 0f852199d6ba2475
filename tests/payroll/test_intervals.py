"""Interval arithmetic of the timesheet."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from callcenter.payroll import intervals as iv

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_union_merges_overlaps_and_touching() -> None:
    assert iv.union([(at(0), at(10)), (at(5), at(20)), (at(20), at(30)), (at(40), at(50))]) == [
        (at(0), at(30)),
        (at(40), at(50)),
    ]


def test_subtract_cuts_holes() -> None:
    assert iv.subtract([(at(0), at(60))], [(at(10), at(20)), (at(50), at(70))]) == [
        (at(0), at(10)),
        (at(20), at(50)),
    ]


def test_intersect() -> None:
    assert iv.intersect([(at(0), at(30)), (at(40), at(60))], [(at(20), at(50))]) == [
        (at(20), at(30)),
        (at(40), at(50)),
    ]


def test_latest_started_pause_decides_paid() -> None:
    paid, unpaid = iv.latest_wins([(at(0), at(60), False), (at(10), at(20), True), (at(0), at(60), False)])
    assert paid == [(at(10), at(20))]
    assert unpaid == [(at(0), at(10)), (at(20), at(60))]


def test_night_windows_of_a_day() -> None:
    zone = ZoneInfo("Europe/Moscow")
    windows = iv.night_windows(dt.date(2026, 11, 3), zone)
    local = [(start.astimezone(zone).hour, end.astimezone(zone).hour) for start, end in windows]
    assert local == [(0, 6), (22, 0)]
    assert iv.seconds(windows) == 8 * 3600


def test_days_are_real_durations_across_a_dst_change() -> None:
    zone = ZoneInfo("Europe/Berlin")
    # 2026-10-25: clocks go back from 03:00 to 02:00, so the day lasts 25 hours.
    assert iv.seconds([iv.day_window(dt.date(2026, 10, 25), zone)]) == 25 * 3600
    # 2026-03-29: clocks go forward, 23 hours; its nights still start at 22:00 local.
    assert iv.seconds([iv.day_window(dt.date(2026, 3, 29), zone)]) == 23 * 3600
    assert iv.night_windows(dt.date(2026, 3, 29), zone)[1][0] == dt.datetime(
        2026, 3, 29, 20, 0, tzinfo=dt.UTC
    )
