"""Call lists of a period and their distributions by hour, day, weekday and wait."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate

from callcenter.stats.models import Call
from callcenter.stats.reports.filters import ANSWERED, UNANSWERED, ReportFilter, calls

WAIT_BUCKETS = (10, 20, 30, 60, 120, 300)


def call_list(flt: ReportFilter, *, answered: bool) -> QuerySet[Call]:
    """Answered (incl. transferred) or unanswered calls of the period, oldest first."""
    queryset = calls(flt).filter(outcome__in=ANSWERED if answered else UNANSWERED)
    if answered and flt.agents:
        queryset = queryset.filter(agent__in=flt.agents)
    return queryset.order_by("entered_at", "id")


def _bucket_label(low: int, high: int | None) -> str:
    return f"{low}-{high}" if high is not None else f"{low}+"


def _bucket_counts(queryset: QuerySet[Call]) -> list[tuple[str, int]]:
    edges = (0, *WAIT_BUCKETS)
    annotations: dict[str, Any] = {}
    labels = []
    for index, low in enumerate(edges):
        high = edges[index + 1] if index + 1 < len(edges) else None
        label = _bucket_label(low, high)
        labels.append(label)
        condition = Q(wait_s__gte=low) if low else Q(wait_s__gte=0)
        if high is not None:
            condition &= Q(wait_s__lt=high)
        annotations[f"b{index}"] = Count("id", filter=condition)
    row = queryset.aggregate(**annotations)
    return [(label, row[f"b{index}"]) for index, label in enumerate(labels)]


def distributions(flt: ReportFilter) -> dict[str, Any]:
    """Calls by hour of day, day, day of week; waits of answered and abandoned calls in buckets."""
    base = calls(flt)
    counts = {
        "offered": Count("id"),
        "answered": Count("id", filter=Q(outcome__in=ANSWERED)),
        "unanswered": Count("id", filter=Q(outcome__in=UNANSWERED)),
    }
    by_hour: dict[Any, Any] = {
        row["hour"]: row
        for row in base.annotate(hour=ExtractHour("entered_at", tzinfo=flt.zone))
        .values("hour")
        .annotate(**counts)
    }
    by_day: dict[Any, Any] = {
        row["day"]: row
        for row in base.annotate(day=TruncDate("entered_at", tzinfo=flt.zone))
        .values("day")
        .annotate(**counts)
    }
    by_dow: dict[Any, Any] = {
        row["dow"]: row
        for row in base.annotate(dow=ExtractIsoWeekDay("entered_at", tzinfo=flt.zone))
        .values("dow")
        .annotate(**counts)
    }
    empty = {"offered": 0, "answered": 0, "unanswered": 0}

    def pick(row: dict[str, Any] | None) -> dict[str, int]:
        return {key: int(row[key]) for key in empty} if row else dict(empty)

    days = [flt.date_from + timedelta(days=n) for n in range(flt.days)]
    return {
        "by_hour": [{"hour": hour, **pick(by_hour.get(hour))} for hour in range(24)],
        "by_day": [{"day": day.isoformat(), **pick(by_day.get(day))} for day in days],
        "by_weekday": [{"weekday": dow, **pick(by_dow.get(dow))} for dow in range(1, 8)],
        "wait_answered": _bucket_counts(base.filter(outcome__in=ANSWERED)),
        "wait_abandoned": _bucket_counts(base.filter(outcome=Call.Outcome.ABANDONED)),
    }
