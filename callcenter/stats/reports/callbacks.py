"""The callback list as the reports show it: open entries, closed entries and their totals."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import TypedDict

from django.db.models import QuerySet

from callcenter.stats.models import Callback
from callcenter.stats.reports.filters import ReportFilter, round2


class CallbackRow(TypedDict):
    """One entry of the callback list as the page, the API and the exports show it."""

    id: int
    number: str
    kind: str
    caller: str
    queue: str
    attempts: int
    requested_at: datetime
    last_at: datetime
    max_wait_s: int
    status: str
    agent: str
    team: str
    outcome: str
    outcome_label: str
    called_back_at: datetime | None
    closed_at: datetime | None
    closed_agent: str
    note: str
    time_to_callback_s: int | None


class CallbackSummary(TypedDict):
    """The entries closed in a period: how many by outcome, and how long the called-back ones waited."""

    closed: int
    by_outcome: dict[str, int]
    called_back: int
    avg_time_to_callback_s: float
    max_time_to_callback_s: int
    within_1h: int


def _callback_entries(flt: ReportFilter) -> QuerySet[Callback]:
    queryset = Callback.objects.select_related("agent", "team")
    names = flt.queue_names()
    if names is not None:
        queryset = queryset.filter(queue__in=names)
    return queryset


def _callback_row(entry: Callback) -> CallbackRow:
    return {
        "id": entry.pk,
        "number": entry.number,
        "kind": entry.kind,
        "caller": entry.caller,
        "queue": entry.queue,
        "attempts": entry.attempts,
        "requested_at": entry.requested_at,
        "last_at": entry.last_call_at,
        "max_wait_s": entry.max_wait_s,
        "status": entry.status,
        "agent": entry.agent.member_name if entry.agent else "",
        "team": entry.team.name if entry.team else "",
        "outcome": entry.outcome,
        "outcome_label": str(Callback.Outcome(entry.outcome).label) if entry.outcome else "",
        "called_back_at": entry.called_back_at,
        "closed_at": entry.closed_at,
        "closed_agent": entry.closed_agent,
        "note": entry.note,
        "time_to_callback_s": entry.time_to_callback_s,
    }


def callback_list(flt: ReportFilter) -> list[CallbackRow]:
    """The numbers still to be called back whose last call or request fell in the period, newest first.

    One entry per number in E.164 (callcenter.stats.callbacks keeps them from the calls): a caller who
    asked for a callback is listed by the number they gave, with who asked and when; an entry leaves the
    list when it is closed (see ``Callback``).
    """
    entries = (
        _callback_entries(flt)
        .exclude(status=Callback.Status.CLOSED)
        .filter(last_call_at__gte=flt.start, last_call_at__lt=flt.end)
        .order_by("-last_call_at", "-id")
    )
    return [_callback_row(entry) for entry in entries]


def callbacks_closed(flt: ReportFilter) -> list[CallbackRow]:
    """The entries closed in the period, with their outcome and time to callback, newest first."""
    entries = (
        _callback_entries(flt)
        .filter(status=Callback.Status.CLOSED, closed_at__gte=flt.start, closed_at__lt=flt.end)
        .order_by("-closed_at", "-id")
    )
    return [_callback_row(entry) for entry in entries]


def callback_summary(rows: list[CallbackRow]) -> CallbackSummary:
    """Totals of closed entries (``callbacks_closed``): outcomes, and the time to callback of the called back."""
    by_outcome: dict[str, int] = defaultdict(int)
    times: list[int] = []
    for row in rows:
        by_outcome[row["outcome"]] += 1
        if row["outcome"] == Callback.Outcome.CALLED_BACK and row["time_to_callback_s"] is not None:
            times.append(row["time_to_callback_s"])
    return {
        "closed": len(rows),
        "by_outcome": dict(by_outcome),
        "called_back": len(times),
        "avg_time_to_callback_s": round2(sum(times) / len(times)) if times else 0.0,
        "max_time_to_callback_s": max(times, default=0),
        "within_1h": sum(1 for seconds in times if seconds <= 3600),
    }
