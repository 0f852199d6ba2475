"""The XLSX report carries native bar charts whose data are references to the sheet's own cells."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart
from openpyxl.workbook.workbook import Workbook

from callcenter.stats import exports, reports
from callcenter.stats.loader import LoadResult
from callcenter.stats.reports import ReportFilter

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 22)
FLT = ReportFilter(date_from=DAY, date_to=DAY, tz="UTC")


def _workbook(kind: str) -> Workbook:
    content = exports.render(exports.build(kind, FLT), "xlsx")
    return load_workbook(io.BytesIO(content))


def _cells(workbook: Workbook, ref: str) -> list[object]:
    sheet_part, cells = ref.rsplit("!", 1)
    sheet = workbook[sheet_part.strip("'")]
    return [row[0].value for row in sheet[cells.replace("$", "")]]


def test_distribution_sheets_hold_the_three_charts_the_pdf_draws(
    load_fixture: Callable[..., LoadResult],
) -> None:
    load_fixture()
    workbook = _workbook("distribution")
    charts = {sheet.title: sheet._charts for sheet in workbook.worksheets if sheet._charts}
    assert sorted(charts) == ["By day", "By hour of day", "Wait of answered calls"]
    assert all(len(found) == 1 and isinstance(found[0], BarChart) for found in charts.values())
    assert all(found[0].type == "col" for found in charts.values())


def test_hourly_chart_references_the_rows_holding_the_report_figures(
    load_fixture: Callable[..., LoadResult],
) -> None:
    load_fixture()
    data = reports.distributions(FLT)["by_hour"]
    workbook = _workbook("distribution")
    chart = workbook["By hour of day"]._charts[0]
    answered, unanswered = chart.series
    assert answered.val.numRef.f == "'By hour of day'!$C$4:$C$27"
    assert unanswered.val.numRef.f == "'By hour of day'!$D$4:$D$27"
    assert answered.cat.numRef.f == "'By hour of day'!$A$4:$A$27"
    assert _cells(workbook, answered.val.numRef.f) == [row["answered"] for row in data]
    assert _cells(workbook, unanswered.val.numRef.f) == [row["unanswered"] for row in data]
    assert sum(row["answered"] for row in data) > 0
    assert [answered.tx.v, unanswered.tx.v] == ["Answered", "Unanswered"]


def test_wait_chart_takes_abandoned_calls_from_their_own_sheet(
    load_fixture: Callable[..., LoadResult],
) -> None:
    load_fixture()
    data = reports.distributions(FLT)
    workbook = _workbook("distribution")
    chart = workbook["Wait of answered calls"]._charts[0]
    answered, abandoned = chart.series
    last = 3 + len(data["wait_answered"])
    assert answered.val.numRef.f == f"'Wait of answered calls'!$B$4:$B${last}"
    assert abandoned.val.numRef.f == f"'Wait before abandon'!$B$4:$B${3 + len(data['wait_abandoned'])}"
    assert _cells(workbook, answered.val.numRef.f) == [bucket[1] for bucket in data["wait_answered"]]
    assert _cells(workbook, abandoned.val.numRef.f) == [bucket[1] for bucket in data["wait_abandoned"]]


def test_daily_report_places_the_charts_on_its_distribution_sheets(
    load_fixture: Callable[..., LoadResult],
) -> None:
    load_fixture()
    workbook = _workbook("daily")
    chart = workbook["By day"]._charts[0]
    assert chart.series[0].val.numRef.f == "'By day'!$C$4"
    assert workbook["By day"]["A4"].value == DAY.isoformat()
    assert not workbook["Summary per queue"]._charts


def test_summary_has_no_charts(load_fixture: Callable[..., LoadResult]) -> None:
    load_fixture()
    assert not any(sheet._charts for sheet in _workbook("summary").worksheets)
