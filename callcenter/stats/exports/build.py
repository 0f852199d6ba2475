"""Every report kind as a document of tables and charts."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from callcenter.stats.exports.callbacks import callback_tables
from callcenter.stats.exports.distributions import distribution_charts, distribution_document
from callcenter.stats.exports.document import Document, Table
from callcenter.stats.exports.tables import agent_tables, call_tables, staffing_tables, summary_tables
from callcenter.stats.kinds import KINDS
from callcenter.stats.reports import ReportFilter


def build(kind: str, flt: ReportFilter, progress: Callable[[int], None] | None = None) -> Document:
    """The document of one report kind; ``progress`` hears a percentage after each section."""
    if kind not in KINDS:
        raise ValueError(f"unknown report {kind!r}")
    subtitle = _("%(start)s to %(end)s, time zone %(tz)s") % {
        "start": flt.date_from.isoformat(),
        "end": flt.date_to.isoformat(),
        "tz": flt.tz,
    }
    document = Document(_(KINDS[kind]), subtitle)
    sections: list[Callable[[], None]] = []

    def add_tables(make: Callable[[], list[Table]]) -> Callable[[], None]:
        return lambda: document.tables.extend(make())

    def add_distribution() -> None:
        tables, svg = distribution_document(flt)
        document.chart_specs.extend(distribution_charts(len(document.tables)))
        document.tables.extend(tables)
        document.charts.extend(svg)

    if kind in ("summary", "daily"):
        sections.append(add_tables(lambda: summary_tables(flt)))
    if kind in ("agents", "daily"):
        sections.append(add_tables(lambda: agent_tables(flt)))
    if kind in ("distribution", "daily"):
        sections.append(add_distribution)
    if kind in ("answered", "daily"):
        sections.append(add_tables(lambda: call_tables(flt, answered=True)))
    if kind in ("unanswered", "daily"):
        sections.append(add_tables(lambda: call_tables(flt, answered=False)))
    if kind == "callbacks":
        sections.append(add_tables(lambda: callback_tables(flt)))
    if kind == "staffing":
        sections.append(add_tables(lambda: staffing_tables(flt)))
    for number, section in enumerate(sections, start=1):
        section()
        if progress is not None:
            progress(int(90 * number / len(sections)))
    return document
