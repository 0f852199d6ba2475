"""Time in pauses and log-in sessions per agent, clipped to a report's period."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Max, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from callcenter.stats.models import AgentSession
from callcenter.stats.reports.filters import ReportFilter, agent_calls


def _vendor_seconds(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


def _vendor_greatest(a: str, b: str) -> str:
    return f"GREATEST({a}, {b})" if connection.vendor == "postgresql" else f"MAX({a}, {b})"


def _vendor_least(a: str, b: str) -> str:
    return f"LEAST({a}, {b})" if connection.vendor == "postgresql" else f"MIN({a}, {b})"


def _db_time(value: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def interval_totals(
    flt: ReportFilter, table: str, group: str, distinct_cols: str
) -> list[tuple[str, str, float, int]]:
    """Per (agent, group) the seconds inside the period and the count, for pauses or sessions.

    Identical intervals in several queues (a pause in all queues is logged once per queue) count once.
    """
    now = timezone.now()
    upper = min(now, flt.end)
    start_p, end_p, now_p = _db_time(flt.start), _db_time(flt.end), _db_time(upper)
    clipped = _vendor_seconds(
        _vendor_least("COALESCE(i.ended_at, %s)", "%s"), _vendor_greatest("i.started_at", "%s")
    )
    where = ["i.started_at < %s", "(i.ended_at IS NULL OR i.ended_at > %s)"]
    params: list[Any] = [now_p, end_p, start_p, end_p, start_p]
    names = flt.queue_names()
    if names is not None:
        where.append("i.queue IN (" + ", ".join(["%s"] * len(names)) + ")" if names else "1 = 0")
        params.extend(names)
    if flt.agents:
        where.append("i.agent IN (" + ", ".join(["%s"] * len(flt.agents)) + ")")
        params.extend(flt.agents)
    sql = (
        f"SELECT d.agent, d.grp, SUM(CASE WHEN d.secs > 0 THEN d.secs ELSE 0 END), COUNT(*) FROM ("  # noqa: S608
        f"SELECT DISTINCT i.agent AS agent, {group} AS grp, i.started_at, i.ended_at, {clipped} AS secs "
        f"{distinct_cols} FROM {table} i WHERE {' AND '.join(where)}) d GROUP BY d.agent, d.grp"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], row[1], float(row[2] or 0), int(row[3])) for row in cursor.fetchall()]


def logged_in(flt: ReportFilter) -> dict[str, tuple[int, float]]:
    """Per member name: the log-in sessions (ADDMEMBER to REMOVEMEMBER) of the period, and the seconds
    logged in to at least one queue: the union of the sessions cut at the period (a session still open
    counts up to now), so two queues at once count once."""
    upper = min(timezone.now(), flt.end)
    sessions = AgentSession.objects.filter(started_at__lt=upper).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=flt.start)
    )
    names = flt.queue_names()
    if names is not None:
        sessions = sessions.filter(queue__in=names)
    if flt.agents:
        sessions = sessions.filter(agent__in=flt.agents)
    spans: dict[str, set[tuple[datetime, datetime | None]]] = defaultdict(set)
    for agent, started_at, ended_at in sessions.values_list("agent", "started_at", "ended_at"):
        spans[agent].add((started_at, ended_at))
    result: dict[str, tuple[int, float]] = {}
    for agent, intervals in spans.items():
        total = 0.0
        reach: datetime | None = None  # the end of the union so far
        for started_at, ended_at in sorted((max(s, flt.start), min(e or upper, upper)) for s, e in intervals):
            if ended_at <= started_at:
                continue
            if reach is None or started_at >= reach:
                total += (ended_at - started_at).total_seconds()
                reach = ended_at
            elif ended_at > reach:
                total += (ended_at - reach).total_seconds()
                reach = ended_at
        result[agent] = (len(intervals), total)
    return result


def static_spans(flt: ReportFilter, agents: list[str] | None) -> dict[str, float]:
    """For members without sessions (static members): first to last call of each day, summed.

    Only for ``agents`` (None: every agent): when every agent has sessions there is nothing to read (a
    monthly report would otherwise group every answered call of the month by agent and day).
    """
    if agents is not None and not agents:
        return {}
    queryset = agent_calls(flt)
    if agents is not None:
        queryset = queryset.filter(agent__in=agents)
    rows = (
        queryset.annotate(day=TruncDate("connected_at", tzinfo=flt.zone))
        .values("agent", "day")
        .annotate(first=Min("connected_at"), last=Max("ended_at"))
    )
    spans: dict[str, float] = defaultdict(float)
    for row in rows:
        if row["first"] and row["last"]:
            spans[row["agent"]] += max(0.0, (row["last"] - row["first"]).total_seconds())
    return spans
