"""Every report as a document of tables and charts, and that document as CSV, XLSX (openpyxl) or PDF (WeasyPrint)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from callcenter.stats import charts, reports, xlsx
from callcenter.stats.models import Callback
from callcenter.stats.reports import ReportFilter

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
}


@dataclass
class Table:
    """One titled table of a report."""

    title: str
    headers: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class ChartSeries:
    """One series of a chart: a numeric column of one of the document's tables."""

    name: str
    table: int
    column: int


@dataclass(frozen=True)
class ChartSpec:
    """A bar chart over the document's tables: categories from one column of ``table``, series from others.

    The PDF draws it as SVG; the XLSX draws it as a native chart whose data are the sheet's own cells.
    """

    title: str
    table: int
    category_column: int
    series: tuple[ChartSeries, ...]


@dataclass
class Document:
    """A report ready to render: title, period, tables, SVG charts and the same charts as specs."""

    title: str
    subtitle: str
    tables: list[Table] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    chart_specs: list[ChartSpec] = field(default_factory=list)


def _local(value: Any, flt: ReportFilter) -> str:
    if value is None:
        return ""
    return timezone.localtime(value, flt.zone).strftime("%Y-%m-%d %H:%M:%S")


def summary_tables(flt: ReportFilter) -> list[Table]:
    data = reports.queue_summary(flt)
    levels = sorted({int(t) for row in data.values() for t in row["sl"]})
    headers = [
        _("Queue"),
        _("Offered"),
        _("Answered"),
        _("Abandoned"),
        _("Timeout"),
        _("Exit empty"),
        _("Exit with key"),
        _("Callbacks requested"),
        _("Callbacks answered"),
        _("Transfers"),
        _("Avg wait answered (s)"),
        _("Max wait answered (s)"),
        _("Avg wait before abandon (s)"),
        _("Avg talk (s)"),
    ]
    for level in levels:
        headers += [
            _("SL %(s)s s, %% of answered") % {"s": level},
            _("SL %(s)s s, %% of offered") % {"s": level},
        ]
    headers += [_("Surveys"), _("Survey average")]
    rows = []
    for name, row in data.items():
        line: list[Any] = [
            name,
            row["offered"],
            row["answered"],
            row["abandoned"],
            row["timeout"],
            row["exitempty"],
            row["exitkey"],
            row["callbacks"],
            row["callbacks_answered"],
            row["transfers"],
            row["avg_wait_answered_s"],
            row["max_wait_answered_s"],
            row["avg_wait_abandoned_s"],
            row["avg_talk_s"],
        ]
        for level in levels:
            value = row["sl"].get(str(level))
            line += [value["of_answered_pct"], value["of_offered_pct"]] if value else ["", ""]
        line += [row["survey"]["count"], row["survey"]["avg"] if row["survey"]["avg"] is not None else ""]
        rows.append(line)
    return [Table(_("Summary per queue"), headers, rows)]


def agent_tables(flt: ReportFilter) -> list[Table]:
    data = reports.agent_summary(flt)
    headers = [
        _("Agent"),
        _("Answered"),
        _("Talk (s)"),
        _("Avg talk (s)"),
        _("Missed (rang, no answer)"),
        _("Transfers"),
        _("Callbacks"),
        _("Callback talk (s)"),
        _("Sessions"),
        _("Logged in (s)"),
        _("Paused (s)"),
        _("Paid pause (s)"),
        _("Unpaid pause (s)"),
        _("Occupancy %"),
        _("Surveys"),
        _("Survey average"),
        _("QA evaluations"),
        _("QA average %"),
    ]
    rows = [
        [
            name,
            e["answered"],
            e["talk_s"],
            e["avg_talk_s"],
            e["missed"],
            e["transfers"],
            e["callbacks"],
            e["callback_talk_s"],
            e["sessions"],
            e["logged_in_s"],
            e["pause_s"],
            e["paid_pause_s"],
            e["unpaid_pause_s"],
            e["occupancy_pct"] if e["occupancy_pct"] is not None else "",
            e["survey"]["count"],
            e["survey"]["avg"] if e["survey"]["avg"] is not None else "",
            e.get("qa", {}).get("count", 0),
            e.get("qa", {}).get("avg") if e.get("qa", {}).get("avg") is not None else "",
        ]
        for name, e in data.items()
    ]
    pause_rows = [
        [name, reason, seconds]
        for name, e in data.items()
        for reason, seconds in sorted(e["pause_by_reason"].items())
    ]
    return [
        Table(_("Agents"), headers, rows),
        Table(_("Pauses by reason"), [_("Agent"), _("Reason"), _("Seconds")], pause_rows),
    ]


CALL_HEADERS = (
    gettext_noop("Entered"),
    gettext_noop("Queue"),
    gettext_noop("Caller"),
    gettext_noop("Outcome"),
    gettext_noop("Wait (s)"),
    gettext_noop("Connected"),
    gettext_noop("Talk (s)"),
    gettext_noop("Ended"),
    gettext_noop("Agent"),
    gettext_noop("Ended by"),
    gettext_noop("Transfer target"),
    gettext_noop("Survey"),
    gettext_noop("Recording"),
)


def call_tables(flt: ReportFilter, *, answered: bool) -> list[Table]:
    rows = [
        [
            _local(call.entered_at, flt),
            call.queue,
            call.caller,
            call.get_outcome_display(),
            call.wait_s if call.wait_s is not None else "",
            _local(call.connected_at, flt),
            call.talk_s if call.talk_s is not None else "",
            _local(call.ended_at, flt),
            call.agent,
            call.ended_by,
            call.transfer_target,
            call.survey_score if call.survey_score is not None else "",
            call.recording,
        ]
        for call in reports.call_list(flt, answered=answered).iterator()
    ]
    title = _("Answered calls") if answered else _("Unanswered calls")
    return [Table(title, [_(h) for h in CALL_HEADERS], rows)]


def distribution_document(flt: ReportFilter) -> tuple[list[Table], list[str]]:
    data = reports.distributions(flt)
    counts = [_("Offered"), _("Answered"), _("Unanswered")]
    keys = ("offered", "answered", "unanswered")
    tables = [
        Table(
            _("By hour of day"),
            [_("Hour"), *counts],
            [[r["hour"], *(r[k] for k in keys)] for r in data["by_hour"]],
        ),
        Table(_("By day"), [_("Day"), *counts], [[r["day"], *(r[k] for k in keys)] for r in data["by_day"]]),
        Table(
            _("By day of week"),
            [_("Day of week"), *counts],
            [[r["weekday"], *(r[k] for k in keys)] for r in data["by_weekday"]],
        ),
        Table(
            _("Wait of answered calls"), [_("Wait (s)"), _("Calls")], [list(b) for b in data["wait_answered"]]
        ),
        Table(
            _("Wait before abandon"), [_("Wait (s)"), _("Calls")], [list(b) for b in data["wait_abandoned"]]
        ),
    ]
    svg = [
        charts.bar_chart(
            _("Calls by hour of day"),
            [str(r["hour"]) for r in data["by_hour"]],
            [
                (counts[1], [r["answered"] for r in data["by_hour"]]),
                (counts[2], [r["unanswered"] for r in data["by_hour"]]),
            ],
        ),
        charts.bar_chart(
            _("Calls by day"),
            [r["day"][5:] for r in data["by_day"]],
            [
                (counts[1], [r["answered"] for r in data["by_day"]]),
                (counts[2], [r["unanswered"] for r in data["by_day"]]),
            ],
        ),
        charts.bar_chart(
            _("Wait time"),
            [b[0] for b in data["wait_answered"]],
            [
                (_("Answered"), [b[1] for b in data["wait_answered"]]),
                (_("Abandoned"), [b[1] for b in data["wait_abandoned"]]),
            ],
        ),
    ]
    return tables, svg


def distribution_charts(offset: int) -> list[ChartSpec]:
    """The charts of the distribution tables (the same three the PDF draws), which start at ``offset``:
    by hour (its table's answered and unanswered columns), by day (the same), and the waits of answered
    calls next to those of abandoned calls (each bucket table's count column)."""
    answered, unanswered, abandoned = _("Answered"), _("Unanswered"), _("Abandoned")
    hour, day, wait_answered, wait_abandoned = offset, offset + 1, offset + 3, offset + 4
    by_hour = (ChartSeries(answered, hour, 2), ChartSeries(unanswered, hour, 3))
    by_day = (ChartSeries(answered, day, 2), ChartSeries(unanswered, day, 3))
    waits = (ChartSeries(answered, wait_answered, 1), ChartSeries(abandoned, wait_abandoned, 1))
    return [
        ChartSpec(_("Calls by hour of day"), hour, 0, by_hour),
        ChartSpec(_("Calls by day"), day, 0, by_day),
        ChartSpec(_("Wait time"), wait_answered, 0, waits),
    ]


def callback_tables(flt: ReportFilter) -> list[Table]:
    open_rows = [
        [
            r["number"],
            str(Callback.Kind(r["kind"]).label),
            r["caller"],
            r["queue"],
            r["attempts"],
            _local(r["requested_at"], flt),
            _local(r["last_at"], flt),
            r["max_wait_s"],
            str(Callback.Status(r["status"]).label),
            r["agent"] or r["team"],
        ]
        for r in reports.callback_list(flt)
    ]
    closed = reports.callbacks_closed(flt)
    closed_rows = [
        [
            r["number"],
            r["queue"],
            _local(r["requested_at"], flt),
            str(Callback.Outcome(r["outcome"]).label),
            _local(r["called_back_at"], flt),
            r["time_to_callback_s"] if r["time_to_callback_s"] is not None else "",
            r["closed_agent"],
            _local(r["closed_at"], flt),
        ]
        for r in closed
    ]
    summary = reports.callback_summary(closed)
    return [
        Table(
            _("Callback list"),
            [
                _("Number"),
                _("Kind"),
                _("Caller"),
                _("Queue"),
                _("Calls"),
                _("First call or request"),
                _("Last"),
                _("Longest wait (s)"),
                _("Status"),
                _("Assigned to"),
            ],
            open_rows,
        ),
        Table(
            _("Callbacks closed"),
            [
                _("Number"),
                _("Queue"),
                _("First call or request"),
                _("Outcome"),
                _("Called back at"),
                _("Time to callback (s)"),
                _("Called back by"),
                _("Closed at"),
            ],
            closed_rows,
        ),
        Table(
            _("Time to callback"),
            [_("Closed"), _("Called back"), _("Average (s)"), _("Longest (s)"), _("Within an hour")],
            [
                [
                    summary["closed"],
                    summary["called_back"],
                    summary["avg_time_to_callback_s"],
                    summary["max_time_to_callback_s"],
                    summary["within_1h"],
                ]
            ],
        ),
    ]


def staffing_tables(flt: ReportFilter) -> list[Table]:
    headers = [
        _("Queue"),
        _("Interval"),
        _("Calls"),
        _("AHT (s)"),
        _("Traffic (Erlang)"),
        _("Agents needed"),
        _("Scheduled (with shrinkage)"),
        _("Service level %"),
        _("ASA (s)"),
    ]
    rows = [
        [
            r["queue"],
            r["interval"],
            r["calls"],
            r["aht_s"],
            r["traffic_erlangs"],
            r["agents"],
            r["scheduled"],
            r["service_level_pct"],
            r["asa_s"],
        ]
        for r in reports.staffing(flt)
    ]
    # xgettext:no-python-format
    title = _("Staffing (Erlang C, 80% in 20 s, 30% shrinkage)")
    return [Table(title, headers, rows)]


KINDS: dict[str, str] = {
    "summary": gettext_noop("Queue summary"),
    "answered": gettext_noop("Answered calls"),
    "unanswered": gettext_noop("Unanswered calls"),
    "distribution": gettext_noop("Distributions"),
    "agents": gettext_noop("Agents"),
    "callbacks": gettext_noop("Callback list"),
    "staffing": gettext_noop("Staffing"),
    "daily": gettext_noop("Daily queue report"),
}


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
    return xlsx.render(document)


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
