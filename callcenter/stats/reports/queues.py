"""The queue report: offered, answered, unanswered by reason, service levels, waits, talk per queue."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, Exists, Max, OuterRef, Q

from callcenter.pbx.models import Queue
from callcenter.stats.models import Call, CallbackTurn
from callcenter.stats.reports.agents import agent_summary
from callcenter.stats.reports.filters import ANSWERED, ReportFilter, calls, pct, round2

DEFAULT_SERVICE_LEVEL_S = 20


def queue_thresholds(names: list[str]) -> dict[str, int]:
    """Each queue's own service-level threshold (queues not configured use 20 s)."""
    known = dict(Queue.objects.filter(name__in=names).values_list("name", "service_level"))
    return {name: int(known.get(name, DEFAULT_SERVICE_LEVEL_S)) for name in names}


def queue_summary(flt: ReportFilter) -> dict[str, dict[str, Any]]:
    """Offered, answered, unanswered by reason, service levels, waits, talk, transfers, survey per queue."""
    base = calls(flt)
    # Without order_by() the default ordering (-entered_at) joins the DISTINCT: one row per call, not
    # per queue (6 of the 13 s of a 3-million-call monthly report).
    names = sorted(set(base.order_by().values_list("queue", flat=True).distinct()))
    own = queue_thresholds(names)
    thresholds = sorted(set(own.values()) | set(flt.sl))
    answered = Q(outcome__in=ANSWERED)
    called_back = Exists(
        CallbackTurn.objects.filter(
            server=OuterRef("server"),
            request_callid=OuterRef("callid"),
            queue=OuterRef("queue"),
            connected_at__isnull=False,
        )
    )
    rows: Any = base.values("queue").annotate(
        offered=Count("id"),
        n_answered=Count("id", filter=answered),
        abandoned=Count("id", filter=Q(outcome=Call.Outcome.ABANDONED)),
        timeout=Count("id", filter=Q(outcome=Call.Outcome.TIMEOUT)),
        exitempty=Count("id", filter=Q(outcome=Call.Outcome.EXITEMPTY)),
        exitkey=Count("id", filter=Q(outcome=Call.Outcome.EXITKEY)),
        callbacks=Count("id", filter=Q(outcome=Call.Outcome.CALLBACK)),
        callbacks_answered=Count("id", filter=Q(outcome=Call.Outcome.CALLBACK) & Q(called_back)),
        transfers=Count("id", filter=Q(outcome=Call.Outcome.TRANSFERRED)),
        avg_wait_answered=Avg("wait_s", filter=answered),
        max_wait_answered=Max("wait_s", filter=answered),
        avg_wait_abandoned=Avg("wait_s", filter=Q(outcome=Call.Outcome.ABANDONED)),
        avg_talk=Avg("talk_s", filter=answered),
        survey_count=Count("survey_score"),
        survey_avg=Avg("survey_score"),
        **{f"sl_{t}": Count("id", filter=answered & Q(wait_s__lte=t)) for t in thresholds},
    )
    result: dict[str, dict[str, Any]] = {}
    for row in rows.order_by("queue"):
        name = row["queue"]
        levels = sorted({own[name], *flt.sl})
        result[name] = {
            "offered": row["offered"],
            "answered": row["n_answered"],
            "abandoned": row["abandoned"],
            "timeout": row["timeout"],
            "exitempty": row["exitempty"],
            "exitkey": row["exitkey"],
            "callbacks": row["callbacks"],
            "callbacks_answered": row["callbacks_answered"],
            "transfers": row["transfers"],
            "avg_wait_answered_s": round2(row["avg_wait_answered"]),
            "max_wait_answered_s": int(row["max_wait_answered"] or 0),
            "avg_wait_abandoned_s": round2(row["avg_wait_abandoned"]),
            "avg_talk_s": round2(row["avg_talk"]),
            "sl": {
                str(t): {
                    "of_answered_pct": pct(row[f"sl_{t}"], row["n_answered"]),
                    "of_offered_pct": pct(row[f"sl_{t}"], row["offered"]),
                }
                for t in levels
            },
            "survey": {
                "count": row["survey_count"],
                "avg": round(float(row["survey_avg"]), 2) if row["survey_count"] else None,
            },
        }
    return result


AGENT_JSON_KEYS = (
    "answered",
    "talk_s",
    "missed",
    "transfers",
    "pause_s",
    "pause_by_reason",
    "survey",
    "callbacks",
    "callback_talk_s",
)


def queue_report(flt: ReportFilter) -> dict[str, Any]:
    """The JSON of ``manage.py queue_report`` (exact shape in docs/reports.md)."""
    return {
        "from": flt.date_from.isoformat(),
        "to": flt.date_to.isoformat(),
        "tz": flt.tz,
        "queues": queue_summary(flt),
        "agents": {
            name: {key: entry[key] for key in AGENT_JSON_KEYS} for name, entry in agent_summary(flt).items()
        },
    }
