"""Each employee's calendar days: logged-in, worked, night and paused seconds, and the T-13 codes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db.models import Q

from callcenter.agents.models import PauseReason
from callcenter.payroll import intervals as iv
from callcenter.payroll.records import CODE_DAY, CODE_HOLIDAY, CODE_NIGHT, CODE_OFF, Day, Employee, TimeCode
from callcenter.payroll.sessions import AgentIndex
from callcenter.stats.models import Pause


def period_dates(date_from: dt.date, date_to: dt.date) -> list[dt.date]:
    return [date_from + dt.timedelta(days=offset) for offset in range((date_to - date_from).days + 1)]


def agent_pauses(
    index: AgentIndex, start: dt.datetime, end: dt.datetime
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


def fill_days(
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
        employee.add(day)
