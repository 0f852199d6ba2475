"""One subroutine per business-hours schedule: returns "open" or "closed" for the current time."""

from __future__ import annotations

from callcenter.pbx.snapshot import CenterConf
from callcenter.pbx.templating import Template

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def render_schedules(template: Template, center: CenterConf) -> list[str]:
    """Each schedule's holidays (closed all day), then its opening hours, in its own time zone."""
    parts = []
    for schedule in center.schedules:
        parts.append(template("schedule_head", name=schedule.name, tz=schedule.time_zone))
        for day in sorted(schedule.holidays):
            parts.append(template("schedule_holiday", date=day.isoformat()))
        for weekday, opens, closes in sorted(schedule.rules):
            parts.append(
                template(
                    "schedule_rule",
                    opens=opens.strftime("%H:%M"),
                    closes=closes.strftime("%H:%M"),
                    weekday=WEEKDAYS[weekday],
                    tz=schedule.time_zone,
                )
            )
        parts.append(template("schedule_tail"))

    return parts
