"""A report document as an XLSX workbook (openpyxl): one sheet per table, and native bar charts whose
categories and values are references to the sheets' own cells, so they stay right when a figure is edited."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from callcenter.stats.exports.document import ChartSpec, Document, Table

# Row 1: report title and period, row 2: empty, row 3: the table's headers, figures from row 4 on.
HEADER_ROW = 3
FIRST_DATA_ROW = 4
CHART_HEIGHT_ROWS = 16


def data_rows(table: Table) -> tuple[int, int]:
    """The first and last sheet row holding the table's figures (last < first when it has none)."""
    return FIRST_DATA_ROW, FIRST_DATA_ROW + len(table.rows) - 1


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Report"
    while name in used:
        name = name[:28] + str(len(used))
    used.add(name)
    return name


def _chart(spec: ChartSpec, tables: list[Table], sheets: list[Worksheet]) -> BarChart | None:
    """The native chart of a spec, or None when its tables hold no rows."""
    first, last = data_rows(tables[spec.table])
    if last < first:
        return None
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = spec.title
    chart.y_axis.title = None
    chart.height, chart.width = 7.5, 16.0
    home = sheets[spec.table]
    column = spec.category_column + 1
    categories = Reference(home, min_col=column, max_col=column, min_row=first, max_row=last)
    for item in spec.series:
        s_first, s_last = data_rows(tables[item.table])
        if s_last < s_first:
            continue
        values = Reference(
            sheets[item.table],
            min_col=item.column + 1,
            max_col=item.column + 1,
            min_row=s_first,
            max_row=s_last,
        )
        series = Series(values, title=item.name)
        chart.series.append(series)
    if not chart.series:
        return None
    chart.set_categories(categories)
    return chart


def render(document: Document) -> bytes:
    workbook = Workbook()
    used: set[str] = set()
    tables = document.tables or [Table(document.title, [], [])]
    sheets: list[Worksheet] = []
    for number, table in enumerate(tables):
        sheet = workbook.active if number == 0 else workbook.create_sheet()
        if not isinstance(sheet, Worksheet):
            raise TypeError("a new workbook has a worksheet")
        sheet.title = _sheet_name(table.title, used)
        sheet.append([document.title, document.subtitle])
        sheet.append([])
        sheet.append(table.headers)
        for cell in sheet[HEADER_ROW]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        sheets.append(sheet)
    placed: dict[int, int] = {}
    for spec in document.chart_specs:
        chart = _chart(spec, tables, sheets)
        if chart is None:
            continue
        home = spec.table
        anchor_column = get_column_letter(len(tables[home].headers) + 2)
        anchor_row = HEADER_ROW + CHART_HEIGHT_ROWS * placed.get(home, 0)
        placed[home] = placed.get(home, 0) + 1
        sheets[home].add_chart(chart, f"{anchor_column}{anchor_row}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
