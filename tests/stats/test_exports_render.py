"""A report document rendered to files: CSV layout, XLSX sheets and charts, unknown formats, file names."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from callcenter.stats.exports.document import ChartSeries, ChartSpec, Document, Table
from callcenter.stats.exports.render import filename, render
from callcenter.stats.reports import ReportFilter


def _sheets(document: Document) -> list[str]:
    return list(load_workbook(io.BytesIO(render(document, "xlsx"))).sheetnames)


def test_csv_starts_with_a_byte_order_mark_and_lists_each_table() -> None:
    document = Document("Queues", "2026-11-23", [Table("Очередь", ["queue", "calls"], [["support", 3]])])
    content = render(document, "csv")
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [["Queues", "2026-11-23"], [], ["Очередь"], ["queue", "calls"], ["support", "3"]]


def test_sheet_names_drop_the_characters_excel_forbids_and_stay_short() -> None:
    document = Document("R", "", [Table("Calls [in/out]: by hour? *all* \\ of them, every queue", ["h"], [])])
    assert _sheets(document) == ["Calls inout by hour all  of the"]


def test_tables_with_the_same_title_get_sheets_of_their_own() -> None:
    document = Document(
        "R", "", [Table("Calls", ["h"], []), Table("Calls", ["h"], []), Table("???", ["h"], [])]
    )
    assert _sheets(document) == ["Calls", "Calls1", "Report"]


def test_a_document_without_tables_is_one_sheet_with_its_title() -> None:
    workbook = load_workbook(io.BytesIO(render(Document("Staffing", "2026-11-23"), "xlsx")))
    sheet = workbook.active
    assert sheet is not None
    assert (workbook.sheetnames, sheet["A1"].value, sheet["B1"].value) == (
        ["Staffing"],
        "Staffing",
        "2026-11-23",
    )


def test_a_chart_over_a_table_without_rows_is_left_out() -> None:
    spec = ChartSpec("Calls by hour", 0, 0, (ChartSeries("calls", 0, 1),))
    empty = Document("R", "", [Table("Hours", ["hour", "calls"], [])], chart_specs=[spec])
    full = Document("R", "", [Table("Hours", ["hour", "calls"], [["09", 4]])], chart_specs=[spec])
    charts = [
        len(load_workbook(io.BytesIO(render(doc, "xlsx"))).worksheets[0]._charts) for doc in (empty, full)
    ]
    assert charts == [0, 1]


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'doc'"):
        render(Document("R", ""), "doc")


def test_the_file_name_names_the_day_or_the_period() -> None:
    day, week = date(2026, 11, 23), date(2026, 11, 29)
    assert filename("summary", ReportFilter(day, day), "xlsx") == "summary-2026-11-23.xlsx"
    assert filename("agents", ReportFilter(day, week), "pdf") == "agents-2026-11-23_2026-11-29.pdf"
