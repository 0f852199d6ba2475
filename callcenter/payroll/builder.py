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
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.agents.models import Agent
from callcenter.payroll import intervals as iv
from callcenter.payroll.calls import add_call_figures
from callcenter.payroll.days import agent_pauses, fill_days, period_dates
from callcenter.payroll.models import ClosedPeriod
from callcenter.payroll.records import (
    CODE_DAY,
    CODE_HOLIDAY,
    CODE_NIGHT,
    CODE_OFF,
    Day,
    Employee,
    PayrollError,
    PayrollReport,
    SessionRow,
    TimeCode,
)
from callcenter.payroll.sessions import AgentIndex, activity_sessions, pbx_sessions, unmatched_names
from callcenter.pbx.models import Holiday, Schedule

# The figures' types are importable from here too, as from callcenter.payroll.records.
__all__ = [
    "CODE_DAY",
    "CODE_HOLIDAY",
    "CODE_NIGHT",
    "CODE_OFF",
    "Day",
    "Employee",
    "PayrollError",
    "PayrollReport",
    "SessionRow",
    "TimeCode",
    "build_report",
    "resolve_schedule",
    "resolve_zone",
]


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
    index = AgentIndex(agents)

    sessions, unmatched = pbx_sessions(index, start, end)
    static_agents = [agent for agent in agents if agent.pk not in sessions]
    sessions.update(activity_sessions(static_agents, start, end, zone))
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
    add_call_figures(employees, index, date_from, date_to, zone)
    holidays: set[dt.date] = set()
    if holiday_schedule is not None:
        holidays = set(
            Holiday.objects.filter(
                schedule=holiday_schedule, date__gte=date_from, date__lte=date_to
            ).values_list("date", flat=True)
        )
    pauses = agent_pauses(index, start, end)
    dates = period_dates(date_from, date_to)
    for employee in employees.values():
        fill_days(employee, dates, holidays, zone, pauses.get(employee.agent_id, []))
    active_ids = {agent.pk for agent in agents if agent.active}
    listed = [
        employee
        for employee in employees.values()
        if employee.agent_id in active_ids or employee.logged_in_s or employee.answered or employee.missed
    ]
    unmatched |= unmatched_names(index, start, end)
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
