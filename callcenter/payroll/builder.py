"""Build the payroll figures of a period from the statistics tables (calls, missed rings, sessions, pauses).

The rules (documented in docs/payroll-1c.md):

* Logged-in time is the union, per agent, of the stats app's sessions (ADDMEMBER to REMOVEMEMBER per
  queue; the log-in/log-out feature codes write the same verbs), so two queues at once count once.
* A session without a REMOVEMEMBER (none yet, or the next ADDMEMBER came first) is *open*: it is counted
  up to the agent's last line in queue_log before that next ADDMEMBER, and flagged so payroll can correct it.
* A payroll correction replaces the times of the session it names; the original stays in the stats tables
  and is shown next to the corrected times.
* Static members (no session at all in the period) have no log-in record: each calendar day counts from
  their first to their last queue_log line of that day (source "activity"). That is an estimate, not
  logged-in time: such an employee has no occupancy, and the export warns about it. Dynamic membership
  (the default) gives every agent real sessions.
* Everything is cut at the period's bounds and at local midnights of the center's time zone; a session
  still open at the period's end counts up to the end, the rest belongs to the next period.
* Pauses are the union per agent of the stats app's per-queue pauses, counted only while logged in;
  where pauses overlap (PAUSEALL writes one PAUSE per queue) the most recently started one decides paid.
* Worked time = logged in minus unpaid pauses (paid pauses are working time). Night = worked time
  between 22:00 and 06:00 local time.
* Call figures (answered, talk, transfers, survey) come from the stats calls entered in the period, and
  missed calls from its ring-no-answer rows, so they agree with the statistics reports to the call.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.agents.models import Agent, PauseReason
from callcenter.payroll import intervals as iv
from callcenter.payroll.models import ClosedPeriod, SessionCorrection
from callcenter.pbx.models import Holiday, Schedule
from callcenter.stats import reports
from callcenter.stats.models import AgentSession, Pause, QueueLogLine
from callcenter.stats.reports import ReportFilter

# T-13 letter codes, written in Cyrillic as 1C expects them.
CODE_DAY = "Я"
CODE_NIGHT = "Н"  # noqa: RUF001
CODE_OFF = "В"  # noqa: RUF001
CODE_HOLIDAY = "РВ"  # noqa: RUF001
SCORES = (1, 2, 3, 4, 5)


class PayrollError(ValueError):
    """The export cannot be built as asked (bad period, unknown time zone or schedule)."""


@dataclass
class TimeCode:
    """One T-13 code of a day with the seconds it covers."""

    code: str
    seconds: int


@dataclass
class Day:
    """One calendar day of one employee in the center's time zone."""

    date: dt.date
    holiday: bool
    logged_in_s: int = 0
    worked_s: int = 0
    night_s: int = 0
    pause_paid_s: int = 0
    pause_unpaid_s: int = 0
    codes: list[TimeCode] = field(default_factory=list)


@dataclass
class SessionRow:
    """A logged-in interval as counted, with where it came from."""

    server: str
    queue: str
    interface: str
    started_at: dt.datetime
    ended_at: dt.datetime
    source: str  # "pbx", "corrected" or "activity"
    open: bool
    original_started_at: dt.datetime | None = None
    original_ended_at: dt.datetime | None = None
    correction_reason: str = ""
    corrected_by: str = ""


@dataclass
class Employee:
    """An agent's payroll figures for the period."""

    agent_id: int
    payroll_number: str
    name: str
    member_name: str
    answered: int = 0
    talk_s: int = 0
    missed: int = 0
    transfers: int = 0
    logged_in_s: int = 0
    worked_s: int = 0
    night_s: int = 0
    pause_paid_s: int = 0
    pause_unpaid_s: int = 0
    survey_count: int = 0
    survey_sum: int = 0
    survey_distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(SCORES, 0))
    # Closed QA evaluations of the period's calls (callcenter.quality) and the sum of their scores (0-100).
    qa_count: int = 0
    qa_score_sum: float = 0.0
    days: list[Day] = field(default_factory=list)
    sessions: list[SessionRow] = field(default_factory=list)

    @property
    def aht_s(self) -> float | None:
        """Average handle time: talk per answered call (wrap-up is not in queue_log)."""
        return round(self.talk_s / self.answered, 2) if self.answered else None

    @property
    def survey_avg(self) -> float | None:
        return round(self.survey_sum / self.survey_count, 2) if self.survey_count else None

    @property
    def qa_avg(self) -> float | None:
        return round(self.qa_score_sum / self.qa_count, 2) if self.qa_count else None

    @property
    def hours_from_calls(self) -> bool:
        """No log-in session (a static member): the hours are estimated from the call activity."""
        return bool(self.sessions) and all(session.source == "activity" for session in self.sessions)

    @property
    def occupancy_pct(self) -> float | None:
        """Talk over available time (logged in minus paused), as in the statistics agent report; None
        without log-in sessions (an activity estimate is not logged-in time)."""
        if self.hours_from_calls:
            return None
        available = self.logged_in_s - self.pause_paid_s - self.pause_unpaid_s
        return round(100 * self.talk_s / available, 2) if available > 0 else None

    @property
    def worked_hours(self) -> float:
        return round(self.worked_s / 3600, 2)

    @property
    def night_hours(self) -> float:
        return round(self.night_s / 3600, 2)

    @property
    def days_worked(self) -> int:
        return sum(1 for day in self.days if day.worked_s)

    @property
    def open_sessions(self) -> int:
        return sum(1 for session in self.sessions if session.open)

    @property
    def corrections(self) -> list[SessionRow]:
        return [session for session in self.sessions if session.source == "corrected"]


@dataclass
class PayrollReport:
    """Everything one export holds."""

    date_from: dt.date
    date_to: dt.date
    tz: str
    generated_at: dt.datetime
    organisation_name: str
    organisation_inn: str
    organisation_kpp: str
    schedule: str
    closed: bool
    employees: list[Employee]
    unmatched: list[str]
    warnings: list[str]


def resolve_zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or settings.TIME_ZONE)
    except (KeyError, ValueError) as exc:
        raise PayrollError(_("Unknown time zone: %(name)s") % {"name": name}) from exc


def resolve_schedule(name: str | None) -> Schedule | None:
    """The schedule whose holidays mark holiday work: the one named, else settings.PAYROLL_SCHEDULE, else the only one."""
    wanted = name or getattr(settings, "PAYROLL_SCHEDULE", "")
    if wanted:
        schedule = Schedule.objects.filter(name=wanted).first()
        if schedule is None:
            raise PayrollError(_("Unknown schedule: %(name)s") % {"name": wanted})
        return schedule
    schedules = list(Schedule.objects.all()[:2])
    return schedules[0] if len(schedules) == 1 else None


class _AgentIndex:
    """Finds the agent a queue_log name means: member name, or the interface member verbs use."""

    def __init__(self, agents: list[Agent]) -> None:
        self.by_name: dict[str, Agent] = {}
        for agent in agents:
            self.by_name.setdefault(agent.effective_interface, agent)
            if agent.interface:
                self.by_name.setdefault(agent.interface, agent)
        for agent in agents:
            self.by_name[agent.member_name] = agent

    def get(self, name: str) -> Agent | None:
        return self.by_name.get(name)


def _dates(date_from: dt.date, date_to: dt.date) -> list[dt.date]:
    return [date_from + dt.timedelta(days=offset) for offset in range((date_to - date_from).days + 1)]


def _removemember_keys(start: dt.datetime) -> set[tuple[str, str, str, dt.datetime]]:
    """The REMOVEMEMBER lines that may end a session overlapping the period (they end after its start)."""
    rows = QueueLogLine.objects.filter(verb="REMOVEMEMBER", time__gt=start).values_list(
        "server", "queue", "agent", "time"
    )
    return set(rows)


def _last_activity(
    session: AgentSession, agent: Agent | None, bound: dt.datetime | None, period_end: dt.datetime
) -> dt.datetime:
    """The agent's last queue_log line in an open session: the best evidence of when they stopped.

    Only the part up to the period's end matters (the session is cut there), so the search stops at it.
    """
    names = {session.interface, session.agent}
    if agent is not None:
        names |= {agent.member_name, agent.effective_interface}
    lines = QueueLogLine.objects.filter(server=session.server, agent__in=names, time__gte=session.started_at)
    if bound is not None:
        lines = lines.filter(time__lte=bound).exclude(verb="ADDMEMBER", time=bound)
    if lines.filter(time__gte=period_end).exists():
        return period_end
    last = lines.filter(time__lt=period_end).aggregate(last=Max("time"))["last"]
    return max(last, session.started_at) if last is not None else session.started_at


def _pbx_sessions(
    index: _AgentIndex, start: dt.datetime, end: dt.datetime
) -> tuple[dict[int, list[SessionRow]], set[str]]:
    """Sessions overlapping the period per agent id (corrections applied), and unmatched session names."""
    corrections: dict[tuple[str, str, str, dt.datetime], SessionCorrection] = {}
    for correction in SessionCorrection.objects.filter(original_started_at__lt=end).select_related(
        "created_by"
    ):
        key = (correction.server, correction.queue, correction.interface, correction.original_started_at)
        if key not in corrections or correction.pk > corrections[key].pk:
            corrections[key] = correction  # the newest correction of a session applies
    overlapping = Q(started_at__lt=end) & (Q(ended_at__isnull=True) | Q(ended_at__gt=start))
    # A session the PBX ended before the period may have been corrected into it.
    for correction in corrections.values():
        if correction.started_at < end and correction.ended_at > start:
            overlapping |= Q(
                server=correction.server,
                queue=correction.queue,
                interface=correction.interface,
                started_at=correction.original_started_at,
            )
    sessions = AgentSession.objects.filter(overlapping)
    removes = _removemember_keys(start)
    result: dict[int, list[SessionRow]] = defaultdict(list)
    unmatched: set[str] = set()
    for session in sessions:
        agent = index.get(session.interface) or index.get(session.agent)
        if agent is None:
            unmatched.add(session.interface)
            continue
        ended_at = session.ended_at
        closed = (
            ended_at is not None and (session.server, session.queue, session.interface, ended_at) in removes
        )
        if not closed or ended_at is None:
            ended_at = _last_activity(session, agent, session.ended_at, end)
        row = SessionRow(
            server=session.server,
            queue=session.queue,
            interface=session.interface,
            started_at=session.started_at,
            ended_at=ended_at,
            source="pbx",
            open=not closed,
        )
        fix = corrections.get((session.server, session.queue, session.interface, session.started_at))
        if fix is not None:
            row.original_started_at, row.original_ended_at = session.started_at, session.ended_at
            row.started_at, row.ended_at = fix.started_at, fix.ended_at
            row.source, row.open = "corrected", False
            row.correction_reason = fix.reason
            row.corrected_by = fix.created_by.get_username() if fix.created_by else ""
        result[agent.pk].append(row)
    return result, unmatched


def _activity_sessions(
    agents: list[Agent], start: dt.datetime, end: dt.datetime, zone: ZoneInfo
) -> dict[int, list[SessionRow]]:
    """Static members: each local day from their first to their last queue_log line."""
    by_name = {agent.member_name: agent for agent in agents}
    if not by_name:
        return {}
    rows = (
        QueueLogLine.objects.filter(time__gte=start, time__lt=end, agent__in=list(by_name))
        .annotate(day=TruncDate("time", tzinfo=zone))
        .values("agent", "server", "day")
        .annotate(first=Min("time"), last=Max("time"))
    )
    result: dict[int, list[SessionRow]] = defaultdict(list)
    for row in rows:
        if row["last"] > row["first"]:
            agent = by_name[row["agent"]]
            result[agent.pk].append(
                SessionRow(row["server"], "", agent.member_name, row["first"], row["last"], "activity", False)
            )
    return result


def _pauses(
    index: _AgentIndex, start: dt.datetime, end: dt.datetime
) -> dict[int, list[tuple[dt.datetime, dt.datetime, bool]]]:
    """Per agent id, the pauses overlapping the period as (start, end, paid).

    Paid is read from the pause reason as configured now (a reason added or changed after the lines were
    loaded counts as configured); a reason not configured keeps the flag the stats row was built with.
    """
    paid_by_code = dict(PauseReason.objects.values_list("code", "paid"))
    rows = (
        Pause.objects.filter(started_at__lt=end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
        .values_list("agent", "reason", "started_at", "ended_at", "paid")
    )
    result: dict[int, list[tuple[dt.datetime, dt.datetime, bool]]] = defaultdict(list)
    for name, reason, started_at, ended_at, paid in rows:
        agent = index.get(name)
        if agent is not None:
            # A pause never unpaused lasts at most until the log-out, which the intersection applies.
            result[agent.pk].append((started_at, ended_at or end, paid_by_code.get(reason, paid)))
    return result


def _call_figures(
    employees: dict[int, Employee], index: _AgentIndex, date_from: dt.date, date_to: dt.date, zone: ZoneInfo
) -> None:
    """Answered, talk, missed, transfers, survey and QA straight from the statistics agent report."""
    flt = ReportFilter(date_from=date_from, date_to=date_to, tz=zone.key)
    for name, row in reports.agent_summary(flt).items():
        agent = index.get(name)
        if agent is None or agent.pk not in employees:
            continue
        employee = employees[agent.pk]
        employee.answered += row["answered"]
        employee.talk_s += row["talk_s"]
        employee.missed += row["missed"]
        employee.transfers += row["transfers"]
        qa = row.get("qa") or {}
        if qa.get("count"):
            employee.qa_count += qa["count"]
            employee.qa_score_sum += qa["count"] * float(qa["avg"] or 0)
    # The distribution of scores over the same calls the report averages (answered calls of the period).
    surveys = (
        reports.calls(flt)
        .filter(outcome__in=reports.ANSWERED, survey_score__isnull=False)
        .values("agent", "survey_score")
        .annotate(count=Count("id"))
        .order_by()
    )
    for name, score, count in surveys.values_list("agent", "survey_score", "count"):
        agent = index.get(name)
        if agent is not None and agent.pk in employees and score in SCORES:
            employee = employees[agent.pk]
            employee.survey_count += count
            employee.survey_sum += count * score
            employee.survey_distribution[score] += count


def _unmatched_names(index: _AgentIndex, start: dt.datetime, end: dt.datetime) -> set[str]:
    names = (
        QueueLogLine.objects.filter(time__gte=start, time__lt=end)
        .exclude(agent="NONE")
        .values_list("agent", flat=True)
        .distinct()
    )
    return {name for name in names if index.get(name) is None}


def _fill_days(
    employee: Employee,
    dates: list[dt.date],
    holidays: set[dt.date],
    zone: ZoneInfo,
    pauses: list[tuple[dt.datetime, dt.datetime, bool]],
) -> None:
    logged_in = iv.union((row.started_at, row.ended_at) for row in employee.sessions)
    paid, unpaid = iv.latest_wins(pauses)
    paid, unpaid = iv.intersect(paid, logged_in), iv.intersect(unpaid, logged_in)
    worked = iv.subtract(logged_in, unpaid)
    for date in dates:
        window_start, window_end = iv.day_window(date, zone)
        day = Day(date=date, holiday=date in holidays)
        day_worked = iv.clip(worked, window_start, window_end)
        day.logged_in_s = iv.seconds(iv.clip(logged_in, window_start, window_end))
        day.worked_s = iv.seconds(day_worked)
        day.night_s = iv.seconds(iv.intersect(day_worked, iv.night_windows(date, zone)))
        day.pause_paid_s = iv.seconds(iv.clip(paid, window_start, window_end))
        day.pause_unpaid_s = iv.seconds(iv.clip(unpaid, window_start, window_end))
        if day.worked_s:
            if day.worked_s > day.night_s:
                day.codes.append(
                    TimeCode(CODE_HOLIDAY if day.holiday else CODE_DAY, day.worked_s - day.night_s)
                )
            if day.night_s:
                day.codes.append(TimeCode(CODE_NIGHT, day.night_s))
        else:
            day.codes.append(TimeCode(CODE_OFF, 0))
        employee.days.append(day)
        employee.logged_in_s += day.logged_in_s
        employee.worked_s += day.worked_s
        employee.night_s += day.night_s
        employee.pause_paid_s += day.pause_paid_s
        employee.pause_unpaid_s += day.pause_unpaid_s


def build_report(
    date_from: dt.date,
    date_to: dt.date,
    *,
    tz: str | None = None,
    schedule: str | None = None,
    now: dt.datetime | None = None,
) -> PayrollReport:
    """The payroll figures of the calendar days ``date_from``..``date_to`` (inclusive) in ``tz``."""
    if date_to < date_from:
        raise PayrollError(_("The period ends before it starts."))
    if (date_to - date_from).days > 366:
        raise PayrollError(_("The period is longer than a year."))
    zone = resolve_zone(tz)
    holiday_schedule = resolve_schedule(schedule)
    start = iv.local_midnight(date_from, zone)
    end = iv.local_midnight(date_to + dt.timedelta(days=1), zone)
    agents = list(Agent.objects.order_by("payroll_number"))
    index = _AgentIndex(agents)

    sessions, unmatched = _pbx_sessions(index, start, end)
    static_agents = [agent for agent in agents if agent.pk not in sessions]
    sessions.update(_activity_sessions(static_agents, start, end, zone))
    for rows in sessions.values():
        for row in rows:
            row.started_at, row.ended_at = max(row.started_at, start), min(row.ended_at, end)
        rows[:] = sorted(
            (row for row in rows if row.ended_at > row.started_at), key=lambda row: row.started_at
        )

    employees: dict[int, Employee] = {}
    for agent in agents:
        employees[agent.pk] = Employee(agent.pk, agent.payroll_number, agent.display_name, agent.member_name)
        employees[agent.pk].sessions = sessions.get(agent.pk, [])
    _call_figures(employees, index, date_from, date_to, zone)
    holidays: set[dt.date] = set()
    if holiday_schedule is not None:
        holidays = set(
            Holiday.objects.filter(
                schedule=holiday_schedule, date__gte=date_from, date__lte=date_to
            ).values_list("date", flat=True)
        )
    pauses = _pauses(index, start, end)
    dates = _dates(date_from, date_to)
    for employee in employees.values():
        _fill_days(employee, dates, holidays, zone, pauses.get(employee.agent_id, []))
    active_ids = {agent.pk for agent in agents if agent.active}
    listed = [
        employee
        for employee in employees.values()
        if employee.agent_id in active_ids or employee.logged_in_s or employee.answered or employee.missed
    ]
    unmatched |= _unmatched_names(index, start, end)
    warnings: list[str] = []
    if holiday_schedule is None:
        warnings.append(_("No holiday schedule chosen: no day is marked as holiday work."))
    for employee in listed:
        if employee.open_sessions:
            warnings.append(
                _(
                    "%(number)s %(name)s: %(count)s session(s) without a log-out, counted up to the last "
                    "activity; correct them if needed."
                )
                % {"number": employee.payroll_number, "name": employee.name, "count": employee.open_sessions}
            )
        if employee.hours_from_calls:
            warnings.append(
                _(
                    "%(number)s %(name)s: no log-in session (static member): hours estimated from the first "
                    "to the last call of each day."
                )
                % {"number": employee.payroll_number, "name": employee.name}
            )
    closed = ClosedPeriod.objects.in_force().filter(date_from__lte=date_from, date_to__gte=date_to).exists()
    return PayrollReport(
        date_from=date_from,
        date_to=date_to,
        tz=zone.key,
        generated_at=(now or timezone.now()).astimezone(zone),
        organisation_name=settings.ORGANISATION_NAME,
        organisation_inn=settings.ORGANISATION_INN,
        organisation_kpp=settings.ORGANISATION_KPP,
        schedule=holiday_schedule.name if holiday_schedule is not None else "",
        closed=closed,
        employees=listed,
        unmatched=sorted(unmatched),
        warnings=warnings,
    )
