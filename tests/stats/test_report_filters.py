"""What a report covers: its period in the report's time zone, its queues against the visible ones,
and the parameters a report run stores and is rebuilt from."""

from __future__ import annotations

from datetime import UTC, date, datetime

from callcenter.stats.reports.filters import ReportFilter, pct, round2

DAY = date(2026, 11, 23)


def test_the_period_runs_from_midnight_to_midnight_in_the_reports_zone() -> None:
    flt = ReportFilter(DAY, date(2026, 11, 24), tz="Europe/Moscow")
    assert flt.start.astimezone(UTC) == datetime(2026, 11, 22, 21, 0, tzinfo=UTC)
    assert flt.end.astimezone(UTC) == datetime(2026, 11, 24, 21, 0, tzinfo=UTC)
    assert flt.days == 2


def test_a_day_when_the_clocks_go_back_lasts_25_hours() -> None:
    flt = ReportFilter(date(2026, 10, 25), date(2026, 10, 25), tz="Europe/Berlin")
    assert (flt.end.astimezone(UTC) - flt.start.astimezone(UTC)).total_seconds() == 25 * 3600
    assert flt.days == 1


def test_chosen_queues_are_cut_to_the_visible_ones() -> None:
    flt = ReportFilter(DAY, DAY, queues=["support", "sales"], visible_queues=["support"])
    assert flt.queue_names() == ["support"]


def test_no_chosen_queue_means_every_visible_one() -> None:
    assert ReportFilter(DAY, DAY, visible_queues=["support"]).queue_names() == ["support"]
    assert ReportFilter(DAY, DAY, visible_queues=[]).queue_names() == []


def test_without_a_visibility_limit_the_chosen_queues_or_all_are_reported() -> None:
    assert ReportFilter(DAY, DAY, queues=["sales"]).queue_names() == ["sales"]
    assert ReportFilter(DAY, DAY).queue_names() is None


def test_the_stored_parameters_rebuild_the_same_filter() -> None:
    flt = ReportFilter(
        DAY, date(2026, 11, 29), "Asia/Tokyo", ["support"], ["Agent 1001"], [20, 30], ["support"]
    )
    assert ReportFilter.from_params(flt.as_params()) == flt


def test_older_stored_parameters_fill_in_the_defaults() -> None:
    flt = ReportFilter.from_params({"date_from": "2026-11-23", "date_to": "2026-11-23", "sl": ["20"]})
    assert flt == ReportFilter(DAY, DAY, "UTC", [], [], [20], None)


def test_a_share_of_nothing_is_zero_and_shares_are_rounded() -> None:
    assert (pct(1, 3), pct(5, 0)) == (33.33, 0.0)
    assert (round2(None), round2(2.345678)) == (0.0, 2.35)
