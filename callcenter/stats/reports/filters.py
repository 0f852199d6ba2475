"""What a report covers (period, time zone, queues, agents) and the calls it selects.

A period runs from 00:00 of ``date_from`` to 24:00 of ``date_to`` in the report's time zone; a call
belongs to the period in which it entered the queue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from callcenter.stats.models import Call, CallbackTurn

ANSWERED = (Call.Outcome.ANSWERED, Call.Outcome.TRANSFERRED)


UNANSWERED = (
    Call.Outcome.ABANDONED,
    Call.Outcome.TIMEOUT,
    Call.Outcome.EXITEMPTY,
    Call.Outcome.EXITKEY,
    Call.Outcome.CALLBACK,
)


def round2(value: float | None) -> float:
    return round(float(value), 2) if value is not None else 0.0


def pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


@dataclass
class ReportFilter:
    """What a report covers: dates (inclusive), time zone, queues and agents (empty = all visible)."""

    date_from: date
    date_to: date
    tz: str = "UTC"
    queues: list[str] = field(default_factory=list)
    agents: list[str] = field(default_factory=list)
    sl: list[int] = field(default_factory=list)
    visible_queues: list[str] | None = None  # None = every queue (admin, manager, command line)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.date_from, time(0), tzinfo=self.zone)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.date_to + timedelta(days=1), time(0), tzinfo=self.zone)

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    def queue_names(self) -> list[str] | None:
        """The queues to report on, or None for all of them."""
        if self.queues and self.visible_queues is not None:
            return [name for name in self.queues if name in self.visible_queues]
        if self.queues:
            return list(self.queues)
        return self.visible_queues

    def as_params(self) -> dict[str, Any]:
        return {
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "tz": self.tz,
            "queues": self.queues,
            "agents": self.agents,
            "sl": self.sl,
            "visible_queues": self.visible_queues,
        }

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> ReportFilter:
        return cls(
            date_from=date.fromisoformat(params["date_from"]),
            date_to=date.fromisoformat(params["date_to"]),
            tz=params.get("tz", "UTC"),
            queues=list(params.get("queues") or []),
            agents=list(params.get("agents") or []),
            sl=[int(v) for v in params.get("sl") or []],
            visible_queues=params.get("visible_queues"),
        )


def calls(flt: ReportFilter) -> QuerySet[Call]:
    """The calls that entered a queue in the period, restricted to the filter's queues."""
    queryset = Call.objects.filter(entered_at__gte=flt.start, entered_at__lt=flt.end)
    names = flt.queue_names()
    if names is not None:
        queryset = queryset.filter(queue__in=names)
    return queryset


def agent_calls(flt: ReportFilter) -> QuerySet[Call]:
    queryset = calls(flt).filter(outcome__in=ANSWERED)
    if flt.agents:
        queryset = queryset.filter(agent__in=flt.agents)
    return queryset


def callback_turns(flt: ReportFilter) -> QuerySet[CallbackTurn]:
    """The held turns of callbacks that entered a queue in the period and were answered by an agent."""
    queryset = CallbackTurn.objects.filter(
        entered_at__gte=flt.start, entered_at__lt=flt.end, connected_at__isnull=False
    )
    names = flt.queue_names()
    if names is not None:
        queryset = queryset.filter(queue__in=names)
    if flt.agents:
        queryset = queryset.filter(agent__in=flt.agents)
    return queryset
