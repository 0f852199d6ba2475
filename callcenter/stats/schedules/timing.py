"""When a schedule is due and which period its report covers, in the schedule's own time zone.

Due times are wall-clock times of the schedule's zone (zoneinfo). A time that does not exist on a day
(the clock jumps forward) is taken with the offset before the jump, i.e. one hour later by the clock; a
time that occurs twice (the clock goes back) is its first occurrence. Either way each local day has at
most one due instant, so the run keyed by (schedule, due instant) happens once.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from callcenter.stats.schedules.models import ReportSchedule

# How far back the latest due time is looked for: a monthly schedule is due at least every 31 days.
LOOK_BACK_DAYS = 32


def due_on(schedule: ReportSchedule, day: date) -> datetime | None:
    """The due instant (UTC) of the schedule on a local day, or None when it is not due that day."""
    if schedule.frequency == "weekly" and day.weekday() != schedule.weekday:
        return None
    if schedule.frequency == "monthly":
        last = calendar.monthrange(day.year, day.month)[1]
        if day.day != min(int(schedule.day_of_month or 1), last):
            return None
    local = datetime.combine(day, schedule.time_of_day, tzinfo=ZoneInfo(schedule.tz))
    return local.astimezone(UTC)


def latest_due(schedule: ReportSchedule, now: datetime) -> datetime | None:
    """The last due instant at or before ``now``."""
    today = now.astimezone(ZoneInfo(schedule.tz)).date()
    for back in range(LOOK_BACK_DAYS + 1):
        due = due_on(schedule, today - timedelta(days=back))
        if due is not None and due <= now:
            return due
    return None


def next_due(schedule: ReportSchedule, now: datetime) -> datetime | None:
    """The first due instant after ``now`` (shown on the schedules page)."""
    today = now.astimezone(ZoneInfo(schedule.tz)).date()
    for ahead in range(LOOK_BACK_DAYS + 1):
        due = due_on(schedule, today + timedelta(days=ahead))
        if due is not None and due > now:
            return due
    return None


def period(schedule: ReportSchedule, due: datetime) -> tuple[date, date]:
    """The report's days for a due instant: the previous day, week (Monday to Sunday) or month."""
    day = due.astimezone(ZoneInfo(schedule.tz)).date()
    if schedule.frequency == "weekly":
        start = day - timedelta(days=day.weekday() + 7)
        return start, start + timedelta(days=6)
    if schedule.frequency == "monthly":
        end = day.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    yesterday = day - timedelta(days=1)
    return yesterday, yesterday
