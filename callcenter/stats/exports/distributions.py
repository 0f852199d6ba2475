"""The distribution tables of a report and their charts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from callcenter.stats import charts, reports
from callcenter.stats.exports.document import ChartSeries, ChartSpec, Table
from callcenter.stats.reports import ReportFilter


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
