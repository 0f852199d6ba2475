"""Today's figures from the loaded statistics: calls and service level by half hour, and an agent's calls.

These come from queue_log (callcenter.stats), which the loader brings in every few seconds to minutes;
the live counters on the tiles come from the bridge. The charts only need half-hour resolution.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from callcenter.pbx.models import Queue
from callcenter.stats.models import Call

SLOT_MINUTES = 30


def day_start(now: dt.datetime | None = None) -> dt.datetime:
    local = timezone.localtime(now or timezone.now())
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _slot(moment: dt.datetime, start: dt.datetime) -> int:
    return int((timezone.localtime(moment) - start).total_seconds() // (SLOT_MINUTES * 60))


def half_hours(queue_names: list[str] | None, now: dt.datetime | None = None) -> dict[str, Any]:
    """Offered, answered, abandoned and service level per half hour since local midnight.

    ``queue_names`` None means every queue. Service level of a slot: calls answered within their queue's
    service level, over calls offered in that slot (the same definition as the reports).
    """
    now = now or timezone.now()
    start = day_start(now)
    slots = _slot(now, start) + 1
    calls: QuerySet[Call] = Call.objects.filter(entered_at__gte=start, entered_at__lte=now)
    if queue_names is not None:
        calls = calls.filter(queue__in=queue_names)
    targets = dict(Queue.objects.values_list("name", "service_level"))
    offered = [0] * slots
    answered = [0] * slots
    abandoned = [0] * slots
    within = [0] * slots
    for queue, entered_at, outcome, wait_s in calls.values_list("queue", "entered_at", "outcome", "wait_s"):
        index = min(max(_slot(entered_at, start), 0), slots - 1)
        offered[index] += 1
        if outcome in (Call.Outcome.ANSWERED, Call.Outcome.TRANSFERRED):
            answered[index] += 1
            if wait_s is not None and wait_s <= targets.get(queue, 20):
                within[index] += 1
        elif outcome == Call.Outcome.ABANDONED:
            abandoned[index] += 1
    labels = [
        (start + dt.timedelta(minutes=SLOT_MINUTES * index)).strftime("%H:%M") for index in range(slots)
    ]
    service_level = [round(100.0 * within[i] / offered[i], 1) if offered[i] else None for i in range(slots)]
    return {
        "labels": labels,
        "offered": offered,
        "answered": answered,
        "abandoned": abandoned,
        "service_level": service_level,
    }


def agent_calls_today(member_name: str, now: dt.datetime | None = None) -> QuerySet[Call]:
    """The calls an agent answered today, newest first."""
    return Call.objects.filter(agent=member_name, entered_at__gte=day_start(now)).order_by("-entered_at")


def last_calls(number: str, limit: int = 5) -> list[dict[str, Any]]:
    """The latest queued calls from a caller number (digits compared), for the CRM card."""
    if not number:
        return []
    rows = Call.objects.filter(caller__endswith=number[-10:]).order_by("-entered_at")[:limit]
    return [
        {
            "when": timezone.localtime(call.entered_at).strftime("%Y-%m-%d %H:%M"),
            "queue": call.queue,
            "agent": call.agent,
            "outcome": str(Call.Outcome(call.outcome).label)
            if call.outcome in Call.Outcome.values
            else call.outcome,
            "talk_s": call.talk_s,
        }
        for call in rows
    ]
