"""The reports, computed in SQL over the assembled tables for a period, queues, agents and time zone.

Definitions are in docs/reports.md. One module per report; the filter and its calls are in ``filters``.
"""

from callcenter.stats.reports.agents import agent_summary
from callcenter.stats.reports.callbacks import (
    CallbackRow,
    CallbackSummary,
    callback_list,
    callback_summary,
    callbacks_closed,
)
from callcenter.stats.reports.distributions import call_list, distributions
from callcenter.stats.reports.filters import ANSWERED, UNANSWERED, ReportFilter, callback_turns, calls
from callcenter.stats.reports.queues import queue_report, queue_summary, queue_thresholds
from callcenter.stats.reports.staffing import staffing

__all__ = [
    "ANSWERED",
    "UNANSWERED",
    "CallbackRow",
    "CallbackSummary",
    "ReportFilter",
    "agent_summary",
    "call_list",
    "callback_list",
    "callback_summary",
    "callback_turns",
    "callbacks_closed",
    "calls",
    "distributions",
    "queue_report",
    "queue_summary",
    "queue_thresholds",
    "staffing",
]
