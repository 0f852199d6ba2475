"""The reports, computed in SQL over the assembled tables for a period, queues, agents and time zone.

Definitions are in docs/reports.md. A period runs from 00:00 of ``date_from`` to 24:00 of ``date_to``
in the report's time zone; a call belongs to the period in which it entered the queue.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Avg, Count, Exists, Max, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, ExtractMinute, TruncDate
from django.utils import timezone

from callcenter.pbx.models import Queue
from callcenter.stats import extensions
from callcenter.stats.erlang import agents_needed
from callcenter.stats.models import Call, Callback, CallbackTurn, RingNoAnswer

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


def _logged_in(flt: ReportFilter) -> dict[str, tuple[int, float]]:
    """Per member name: the log-in sessions (ADDMEMBER to REMOVEMEMBER) of the period, and the seconds
    logged in to at least one queue: the union of the sessions cut at the period (a session still open
    counts up to now), so two queues at once count once."""
    from callcenter.stats.models import AgentSession

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


def _static_spans(flt: ReportFilter, agents: list[str] | None) -> dict[str, float]:
    """For members without sessions (static members): first to last call of each day, summed.

    Only for ``agents`` (None: every agent): when every agent has sessions there is nothing to read (a
    monthly report would otherwise group every answered call of the month by agent and day).
    """
    if agents is not None and not agents:
        return {}
    queryset = _agent_calls(flt)
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
    for agent, (count, seconds) in _logged_in(flt).items():
        agents[agent]["sessions"] = count
        agents[agent]["logged_in_s"] = round(seconds)
    for figure in extensions.agent_figures():  # figures of apps above the statistics (QA scores)
        values = figure.compute(flt)
        for agent in set(agents) | set(values):
            agents[agent][figure.key] = values[agent] if agent in values else figure.default()
    static = [agent for agent, entry in agents.items() if not entry["sessions"]]
    spans = _static_spans(flt, static if len(static) < len(agents) else None)
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
        "avg_time_to_callback_s": _round(sum(times) / len(times)) if times else 0.0,
        "max_time_to_callback_s": max(times, default=0),
        "within_1h": sum(1 for seconds in times if seconds <= 3600),
    }


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
