"""The reports, computed in SQL over the assembled tables for a period, queues, agents and time zone.

Definitions are in docs/reports.md. A period runs from 00:00 of ``date_from`` to 24:00 of ``date_to``
in the report's time zone; a call belongs to the period in which it entered the queue.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Avg, Count, Exists, Max, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, ExtractMinute, TruncDate
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from callcenter.pbx.models import Queue
from callcenter.stats.erlang import agents_needed
from callcenter.stats.models import Call, CallbackTurn, RingNoAnswer

ANSWERED = (Call.Outcome.ANSWERED, Call.Outcome.TRANSFERRED)
UNANSWERED = (
    Call.Outcome.ABANDONED,
    Call.Outcome.TIMEOUT,
    Call.Outcome.EXITEMPTY,
    Call.Outcome.EXITKEY,
    Call.Outcome.CALLBACK,
)
DEFAULT_SERVICE_LEVEL_S = 20
WAIT_BUCKETS = (10, 20, 30, 60, 120, 300)
STAFFING_INTERVAL_S = 1800


def _round(value: float | None) -> float:
    return round(float(value), 2) if value is not None else 0.0


def _pct(part: int, whole: int) -> float:
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


def _agent_calls(flt: ReportFilter) -> QuerySet[Call]:
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


def queue_thresholds(names: list[str]) -> dict[str, int]:
    """Each queue's own service-level threshold (queues not configured use 20 s)."""
    known = dict(Queue.objects.filter(name__in=names).values_list("name", "service_level"))
    return {name: int(known.get(name, DEFAULT_SERVICE_LEVEL_S)) for name in names}


def queue_summary(flt: ReportFilter) -> dict[str, dict[str, Any]]:
    """Offered, answered, unanswered by reason, service levels, waits, talk, transfers, survey per queue."""
    base = calls(flt)
    names = sorted(set(base.values_list("queue", flat=True).distinct()))
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
            "avg_wait_answered_s": _round(row["avg_wait_answered"]),
            "max_wait_answered_s": int(row["max_wait_answered"] or 0),
            "avg_wait_abandoned_s": _round(row["avg_wait_abandoned"]),
            "avg_talk_s": _round(row["avg_talk"]),
            "sl": {
                str(t): {
                    "of_answered_pct": _pct(row[f"sl_{t}"], row["n_answered"]),
                    "of_offered_pct": _pct(row[f"sl_{t}"], row["offered"]),
                }
                for t in levels
            },
            "survey": {
                "count": row["survey_count"],
                "avg": round(float(row["survey_avg"]), 2) if row["survey_count"] else None,
            },
        }
    return result


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


def _interval_totals(
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


def _static_spans(flt: ReportFilter) -> dict[str, float]:
    """For members without sessions (static members): first to last call of each day, summed."""
    rows = (
        _agent_calls(flt)
        .annotate(day=TruncDate("connected_at", tzinfo=flt.zone))
        .values("agent", "day")
        .annotate(first=Min("connected_at"), last=Max("ended_at"))
    )
    spans: dict[str, float] = defaultdict(float)
    for row in rows:
        if row["first"] and row["last"]:
            spans[row["agent"]] += max(0.0, (row["last"] - row["first"]).total_seconds())
    return spans


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
            "avg_talk_s": 0.0,
            "occupancy_pct": None,
            "callbacks": 0,
            "callback_talk_s": 0,
        }
    )
    call_rows: Any = (
        _agent_calls(flt)
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
        entry["avg_talk_s"] = _round(row["avg_talk"])
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
    for agent, reason_paid, seconds, _count in _interval_totals(
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
    for agent, _grp, seconds, count in _interval_totals(flt, "stats_agentsession", "''", ""):
        agents[agent]["sessions"] = count
        agents[agent]["logged_in_s"] = round(seconds)
    spans = _static_spans(flt)
    for agent, entry in agents.items():
        logged_in = entry["logged_in_s"] if entry["sessions"] else round(spans.get(agent, 0.0))
        entry["logged_in_s"] = logged_in
        available = logged_in - entry["pause_s"]
        busy = entry["talk_s"] + entry["callback_talk_s"]
        entry["occupancy_pct"] = _pct(busy, available) if available > 0 else None
    return dict(sorted(agents.items()))


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


def callback_list(flt: ReportFilter) -> list[dict[str, Any]]:
    """Callers whose calls went unanswered in the period and who have not got through or been called back since.

    A caller who asked for a callback is listed by the number they gave (``requested_at`` is the time of
    their last request). An entry closes itself when the same number has an answered call after its
    last unanswered one, when an agent answers the held turn of a callback requested on that number
    after it, or when a supervisor records a callback after it (CallbackClosure).
    """
    # The outcome is a constant of this module, written into the SQL so the GROUP BY repeats the select.
    number = f"CASE WHEN c.outcome = '{Call.Outcome.CALLBACK.value}' THEN c.callback_number ELSE c.caller END"
    where = [
        f"c.outcome IN ({', '.join(['%s'] * len(UNANSWERED))})",
        f"{number} <> ''",
        "c.entered_at >= %s",
        "c.entered_at < %s",
    ]
    params: list[Any] = [*UNANSWERED, _db_time(flt.start), _db_time(flt.end)]
    names = flt.queue_names()
    if names is not None:
        where.append("c.queue IN (" + ", ".join(["%s"] * len(names)) + ")" if names else "1 = 0")
        params.extend(names)
    sql = f"""
        SELECT g.caller, g.attempts, g.first_at, g.last_at, g.queue, g.max_wait, g.requested_at FROM (
            SELECT {number} AS caller, COUNT(*) AS attempts, MIN(c.entered_at) AS first_at,
                MAX(c.entered_at) AS last_at, MAX(c.queue) AS queue, MAX(c.wait_s) AS max_wait,
                MAX(c.callback_requested_at) AS requested_at
            FROM stats_call c WHERE {" AND ".join(where)} GROUP BY {number}
        ) g
        WHERE NOT EXISTS (SELECT 1 FROM stats_call a WHERE a.caller = g.caller
                          AND a.outcome IN (%s, %s) AND a.entered_at > g.last_at AND a.entered_at >= %s)
          AND NOT EXISTS (SELECT 1 FROM stats_callbackturn t
                          JOIN stats_call r ON r.server = t.server AND r.callid = t.request_callid
                              AND r.queue = t.queue
                          WHERE t.connected_at IS NOT NULL AND t.connected_at >= g.last_at
                              AND r.callback_number = g.caller)
          AND NOT EXISTS (SELECT 1 FROM stats_callbackclosure k WHERE k.caller = g.caller
                          AND k.closed_at >= g.last_at)
        ORDER BY g.last_at DESC
    """  # noqa: S608
    # The bound is implied (last_at is in the period); it lets PostgreSQL read the answered calls since
    # the period start once, by the time index, and anti-join them by caller.
    params.extend([*ANSWERED, _db_time(flt.start)])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()

    def as_datetime(value: Any) -> Any:
        # Raw SQL skips the field converters: SQLite hands back the stored UTC text.
        if isinstance(value, str):
            value = parse_datetime(value)
        if isinstance(value, datetime) and timezone.is_naive(value):
            value = timezone.make_aware(value, ZoneInfo("UTC"))
        return value

    return [
        {
            "caller": row[0],
            "attempts": int(row[1]),
            "first_at": as_datetime(row[2]),
            "last_at": as_datetime(row[3]),
            "queue": row[4],
            "max_wait_s": int(row[5] or 0),
            "requested_at": as_datetime(row[6]),
        }
        for row in rows
    ]


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
