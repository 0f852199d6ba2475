"""A report document as CSV, XLSX (openpyxl) or PDF (WeasyPrint)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.template.loader import render_to_string

from callcenter.stats.exports.document import Document
from callcenter.stats.exports.xlsx import render as render_workbook
from callcenter.stats.kinds import FORMATS
from callcenter.stats.reports import ReportFilter


def render_csv(document: Document) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([document.title, document.subtitle])
    for table in document.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows(table.rows)
    # A byte-order mark lets spreadsheet programs read the UTF-8 (Cyrillic names) correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(document: Document) -> bytes:
    return render_workbook(document)


def render_pdf(document: Document) -> bytes:
    from weasyprint import HTML

    html = render_to_string("stats/pdf.html", {"document": document})
    return bytes(HTML(string=html).write_pdf())


RENDERERS: dict[str, Callable[[Document], bytes]] = {
    "csv": render_csv,
    "xlsx": render_xlsx,
    "pdf": render_pdf,
}


def render(document: Document, fmt: str) -> bytes:
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r}")
    return RENDERERS[fmt](document)


def filename(kind: str, flt: ReportFilter, fmt: str) -> str:
    period = flt.date_from.isoformat() if flt.days == 1 else f"{flt.date_from}_{flt.date_to}"
    return f"{kind}-{period}.{FORMATS[fmt][1]}"
