"""The callback list's tables: open entries, closed entries and the time to callback."""

from __future__ import annotations

from django.utils.translation import gettext as _

from callcenter.stats import reports
from callcenter.stats.exports.document import Table
from callcenter.stats.exports.tables import local_time
from callcenter.stats.models import Callback
from callcenter.stats.reports import ReportFilter


def callback_tables(flt: ReportFilter) -> list[Table]:
    open_rows = [
        [
            r["number"],
            str(Callback.Kind(r["kind"]).label),
            r["caller"],
            r["queue"],
            r["attempts"],
            local_time(r["requested_at"], flt),
            local_time(r["last_at"], flt),
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
            local_time(r["requested_at"], flt),
            str(Callback.Outcome(r["outcome"]).label),
            local_time(r["called_back_at"], flt),
            r["time_to_callback_s"] if r["time_to_callback_s"] is not None else "",
            r["closed_agent"],
            local_time(r["closed_at"], flt),
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
