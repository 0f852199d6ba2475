"""Staffing: Erlang C per queue and half-hour of the day from a period's volume and handling time."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractHour, ExtractMinute

from callcenter.pbx.models import Queue
from callcenter.stats.erlang import agents_needed
from callcenter.stats.reports.filters import ANSWERED, ReportFilter, calls

STAFFING_INTERVAL_S = 1800


def staffing(
    flt: ReportFilter,
    *,
    target_sl_pct: float = 80.0,
    target_s: int = 20,
    max_asa_s: float | None = None,
    shrinkage_pct: float = 30.0,
) -> list[dict[str, Any]]:
    """Erlang C per queue and half-hour of the day, from the period's mean volume and handling time.

    Handling time is the mean talk of answered calls plus the queue's wrap-up time.
    """
    wrapup = dict(Queue.objects.values_list("name", "wrapuptime"))
    rows: Any = (
        calls(flt)
        .annotate(
            hour=ExtractHour("entered_at", tzinfo=flt.zone),
            minute=ExtractMinute("entered_at", tzinfo=flt.zone),
        )
        .values("queue", "hour", "minute")
        .annotate(
            n=Count("id"),
            talk=Sum("talk_s", filter=Q(outcome__in=ANSWERED)),
            n_answered=Count("id", filter=Q(outcome__in=ANSWERED)),
        )
    )
    slots: dict[tuple[str, int], dict[str, float]] = defaultdict(lambda: {"n": 0, "talk": 0, "answered": 0})
    for row in rows:
        slot = slots[(row["queue"], row["hour"] * 2 + row["minute"] // 30)]
        slot["n"] += row["n"]
        slot["talk"] += row["talk"] or 0
        slot["answered"] += row["n_answered"]
    result = []
    for (queue, slot_index), slot in sorted(slots.items()):
        volume = slot["n"] / flt.days
        aht = (slot["talk"] / slot["answered"] if slot["answered"] else 0.0) + wrapup.get(queue, 0)
        need = agents_needed(
            volume,
            STAFFING_INTERVAL_S,
            aht,
            target_sl_pct=target_sl_pct,
            target_s=target_s,
            max_asa_s=max_asa_s,
            shrinkage_pct=shrinkage_pct,
        )
        result.append(
            {
                "queue": queue,
                "interval": f"{slot_index // 2:02d}:{(slot_index % 2) * 30:02d}",
                "calls": round(volume, 2),
                "aht_s": round(aht, 2),
                "traffic_erlangs": need.traffic,
                "agents": need.agents,
                "scheduled": need.scheduled,
                "service_level_pct": need.service_level_pct,
                "asa_s": need.asa_s,
            }
        )
    return result
