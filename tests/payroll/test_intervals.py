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


def test_union_drops_empty_and_reversed_intervals() -> None:
    assert iv.union([(at(10), at(10)), (at(30), at(20)), (at(0), at(5))]) == [(at(0), at(5))]


def test_union_keeps_the_end_of_an_interval_that_contains_the_next() -> None:
    assert iv.union([(at(0), at(60)), (at(10), at(20))]) == [(at(0), at(60))]


def test_subtract_of_a_cut_covering_everything_leaves_nothing() -> None:
    assert iv.subtract([(at(10), at(20)), (at(30), at(40))], [(at(0), at(50))]) == []


def test_subtract_of_one_cut_across_two_intervals_trims_both() -> None:
    assert iv.subtract([(at(0), at(20)), (at(30), at(50))], [(at(10), at(40))]) == [
        (at(0), at(10)),
        (at(40), at(50)),
    ]


def test_intersect_with_nothing_is_nothing() -> None:
    assert iv.intersect([(at(0), at(30))], []) == []
    assert iv.intersect([(at(0), at(10))], [(at(10), at(20))]) == []  # touching is not overlapping


def test_clip_keeps_the_parts_inside_the_bounds() -> None:
    assert iv.clip([(at(0), at(30)), (at(40), at(60))], at(20), at(50)) == [
        (at(20), at(30)),
        (at(40), at(50)),
    ]


def test_seconds_of_nothing_is_zero() -> None:
    assert iv.seconds([]) == 0


def test_an_earlier_pause_is_in_force_again_once_the_later_one_ends() -> None:
    paid, unpaid = iv.latest_wins([(at(0), at(30), True), (at(10), at(20), False)])
    assert paid == [(at(0), at(10)), (at(20), at(30))]
    assert unpaid == [(at(10), at(20))]


def test_pauses_of_no_length_count_for_nothing() -> None:
    assert iv.latest_wins([(at(10), at(10), True), (at(20), at(15), False)]) == ([], [])


def test_local_time_is_the_instant_of_that_wall_clock_time() -> None:
    zone = ZoneInfo("Europe/Moscow")  # UTC+3 all year
    assert iv.local_time(dt.date(2026, 11, 3), dt.time(9, 30), zone) == dt.datetime(
        2026, 11, 3, 6, 30, tzinfo=dt.UTC
    )
