"""The agent report: answered, talk, missed, transfers, pauses, sessions, occupancy, survey per member."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Avg, Count, Q, Sum

from callcenter.stats import extensions
from callcenter.stats.models import Call, RingNoAnswer
from callcenter.stats.reports.filters import ReportFilter, agent_calls, callback_turns, pct, round2
from callcenter.stats.reports.intervals import interval_totals, logged_in, static_spans


def agent_summary(flt: ReportFilter) -> dict[str, dict[str, Any]]:
    """Per member name: answered, talk, missed, transfers, pauses by reason, sessions, occupancy, survey."""
    agents: dict[str, dict[str, Any]] = defaultdict(
        lambda: {
            "answered": 0,
            "talk_s": 0,
            "missed": 0,
            "transfers": 0,
            "pause_s": 0,
            "pause_by_reason": {},
            "survey": {"count": 0, "avg": None},
            "paid_pause_s": 0,
            "unpaid_pause_s": 0,
            "sessions": 0,
            "logged_in_s": 0,
            "logged_in_from": "sessions",  # or "calls": no session, estimated from the calls (static)
            "avg_talk_s": 0.0,
            "occupancy_pct": None,
            "callbacks": 0,
            "callback_talk_s": 0,
        }
    )
    call_rows: Any = (
        agent_calls(flt)
        .values("agent")
        .annotate(
            n_answered=Count("id"),
            talk=Sum("talk_s"),
            avg_talk=Avg("talk_s"),
            transfers=Count("id", filter=Q(outcome=Call.Outcome.TRANSFERRED)),
            survey_count=Count("survey_score"),
            survey_avg=Avg("survey_score"),
        )
    )
    for row in call_rows:
        entry = agents[row["agent"]]
        entry["answered"] = row["n_answered"]
        entry["talk_s"] = int(row["talk"] or 0)
        entry["avg_talk_s"] = round2(row["avg_talk"])
        entry["transfers"] = row["transfers"]
        if row["survey_count"]:
            entry["survey"] = {"count": row["survey_count"], "avg": round(float(row["survey_avg"]), 2)}
    turn_rows: Any = callback_turns(flt).values("agent").annotate(n=Count("id"), talk=Sum("talk_s"))
    for row in turn_rows:
        agents[row["agent"]]["callbacks"] = row["n"]
        agents[row["agent"]]["callback_talk_s"] = int(row["talk"] or 0)
    missed = RingNoAnswer.objects.filter(time__gte=flt.start, time__lt=flt.end)
    names = flt.queue_names()
    if names is not None:
        missed = missed.filter(queue__in=names)
    if flt.agents:
        missed = missed.filter(agent__in=flt.agents)
    missed_rows: Any = missed.values("agent").annotate(n=Count("id"))
    for row in missed_rows:
        agents[row["agent"]]["missed"] = row["n"]
    for agent, reason_paid, seconds, _count in interval_totals(
        flt,
        "stats_pause",
        "i.reason || '|' || CASE WHEN i.paid THEN 'paid' ELSE 'unpaid' END",
        ", i.reason, i.paid",
    ):
        reason, _sep, paid = reason_paid.rpartition("|")
        entry = agents[agent]
        secs = round(seconds)
        entry["pause_by_reason"][reason] = entry["pause_by_reason"].get(reason, 0) + secs
        entry["pause_s"] += secs
        entry["paid_pause_s" if paid == "paid" else "unpaid_pause_s"] += secs
    for agent, (count, seconds) in logged_in(flt).items():
        agents[agent]["sessions"] = count
        agents[agent]["logged_in_s"] = round(seconds)
    for figure in extensions.agent_figures():  # figures of apps above the statistics (QA scores)
        values = figure.compute(flt)
        for agent in set(agents) | set(values):
            agents[agent][figure.key] = values[agent] if agent in values else figure.default()
    static = [agent for agent, entry in agents.items() if not entry["sessions"]]
    spans = static_spans(flt, static if len(static) < len(agents) else None)
    for agent, entry in agents.items():
        if not entry["sessions"]:
            # No log-in session (a static member): the hours are estimated from the first to the last call
            # of each day, which is not logged-in time; occupancy over it would read near 100 %.
            entry["logged_in_s"] = round(spans.get(agent, 0.0))
            entry["logged_in_from"] = "calls"
            entry["occupancy_pct"] = None
            continue
        entry["logged_in_from"] = "sessions"
        available = entry["logged_in_s"] - entry["pause_s"]
        busy = entry["talk_s"] + entry["callback_talk_s"]
        entry["occupancy_pct"] = pct(busy, available) if available > 0 else None
    return dict(sorted(agents.items()))
