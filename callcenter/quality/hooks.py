"""What quality gives the statistics through their registration points (callcenter.stats.extensions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Avg, Count, Q
from django.urls import reverse

from callcenter.quality.models import Evaluation, Recording

if TYPE_CHECKING:
    from callcenter.stats.models import Call
    from callcenter.stats.reports import ReportFilter


class QAFigure(TypedDict):
    """An agent's closed evaluations of calls that started in the period, and their average score (0-100)."""

    count: int
    avg: float | None


def empty_qa() -> QAFigure:
    return {"count": 0, "avg": None}


def qa_by_member(flt: ReportFilter) -> dict[str, QAFigure]:
    """Per member name: closed evaluations of calls of the period, in the filter's queues and agents."""
    rows = Evaluation.objects.filter(
        status=Evaluation.Status.CLOSED, call_started_at__gte=flt.start, call_started_at__lt=flt.end
    ).exclude(agent="")
    names = flt.queue_names()
    if names is not None:
        rows = rows.filter(queue__in=names)
    if flt.agents:
        rows = rows.filter(agent__in=flt.agents)
    grouped: Any = rows.values("agent").annotate(n=Count("id"), avg=Avg("score")).order_by()
    return {
        row["agent"]: {
            "count": row["n"],
            "avg": round(float(row["avg"]), 2) if row["avg"] is not None else None,
        }
        for row in grouped
    }


def recording_links(calls: Sequence[Call], user: Any) -> Mapping[int, str]:
    """The player page of each listed call that has a recording this user may hear."""
    callids = {call.callid for call in calls if call.recording}
    if not callids:
        return {}
    found = {
        (server, callid, queue): pk
        for pk, server, callid, queue in Recording.objects.visible_to(user)
        .filter(callid__in=callids)
        .filter(~Q(status=Recording.Status.OUTSIDE))
        .values_list("pk", "server", "callid", "queue")
    }
    links: dict[int, str] = {}
    for call in calls:
        pk = found.get((call.server, call.callid, call.queue))
        if pk is not None:
            links[call.pk] = reverse("quality:recording", args=[pk])
    return links
