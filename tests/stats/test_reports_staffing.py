"""The staffing report's inputs: handling time with wrap-up, volume per day of the period, local half-hours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from callcenter.stats import reports
from callcenter.stats.erlang import agents_needed
from callcenter.stats.loader import load_file
from callcenter.stats.reports import ReportFilter
from tests.factories import QueueFactory
from tests.stats.conftest import T0

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 23)  # T0 is 09:00 UTC of this day


def _answered(n: int, talk: int, start: int = T0) -> list[str]:
    lines = []
    for index in range(n):
        at = start + index * 60
        lines += [
            f"{at}|a{start}.{index}|support|NONE|ENTERQUEUE||5557{index:03d}|1",
            f"{at + 5}|a{start}.{index}|support|Agent 1001|CONNECT|5|x|1",
            f"{at + 5 + talk}|a{start}.{index}|support|Agent 1001|COMPLETECALLER|5|{talk}|1",
        ]
    return lines


def _abandoned(n: int, start: int) -> list[str]:
    return [
        line
        for index in range(n)
        for line in (
            f"{start + index * 60}|b{start}.{index}|support|NONE|ENTERQUEUE||5558{index:03d}|1",
            f"{start + index * 60 + 30}|b{start}.{index}|support|NONE|ABANDON|1|1|30",
        )
    ]


def _row(flt: ReportFilter) -> dict[str, object]:
    rows = reports.staffing(flt, shrinkage_pct=0)
    assert len(rows) == 1
    return rows[0]


def test_the_queues_wrap_up_time_is_part_of_the_handling_time(write_log: Callable[..., Path]) -> None:
    QueueFactory.create(name="support", wrapuptime=60)
    load_file(write_log(_answered(10, talk=120)), "pbx1")
    row = _row(ReportFilter(DAY, DAY, "UTC"))
    assert (row["interval"], row["calls"], row["aht_s"]) == ("09:00", 10.0, 180.0)
    assert row["agents"] == agents_needed(10, 1800, 180).agents


def test_the_volume_is_a_mean_over_the_days_of_the_period(write_log: Callable[..., Path]) -> None:
    QueueFactory.create(name="support", wrapuptime=0)
    load_file(write_log(_answered(10, talk=120)), "pbx1")
    row = _row(ReportFilter(DAY, date(2026, 11, 24), "UTC"))
    assert (row["calls"], row["aht_s"]) == (5.0, 120.0)


def test_the_half_hours_are_those_of_the_reports_time_zone(write_log: Callable[..., Path]) -> None:
    load_file(write_log(_answered(2, talk=60, start=T0 + 1800)), "pbx1")
    assert _row(ReportFilter(DAY, DAY, "Europe/Moscow"))["interval"] == "12:30"


def test_unanswered_calls_count_in_the_volume_but_not_in_the_talk(write_log: Callable[..., Path]) -> None:
    QueueFactory.create(name="support", wrapuptime=0)
    load_file(write_log(_answered(4, talk=100) + _abandoned(6, T0 + 600)), "pbx1")
    row = _row(ReportFilter(DAY, DAY, "UTC"))
    assert (row["calls"], row["aht_s"]) == (10.0, 100.0)


def test_a_half_hour_of_abandoned_calls_only_needs_no_agent(write_log: Callable[..., Path]) -> None:
    load_file(write_log(_abandoned(3, T0)), "pbx1")
    row = _row(ReportFilter(DAY, DAY, "UTC"))
    assert (row["calls"], row["aht_s"], row["agents"], row["service_level_pct"]) == (3.0, 0.0, 0, 100.0)
