"""Reading where inbound calls go into a snapshot: schedules, IVR menus with their keys, DID routes."""

from __future__ import annotations

from django.db.models import Q

from callcenter.pbx.models import InboundRoute, IVRMenu, Queue, Schedule
from callcenter.pbx.snapshot.conf.center import CenterConf
from callcenter.pbx.snapshot.conf.routing import IVRConf, OptionConf, RouteConf, ScheduleConf
from callcenter.pbx.snapshot.rows import from_row


def collect_routing(center: CenterConf, on_server: Q) -> None:
    """Add every schedule, every IVR menu and the inbound routes ``on_server`` selects to ``center``."""
    for schedule in Schedule.objects.prefetch_related("rules", "holidays").order_by("name"):
        center.schedules.append(
            from_row(
                ScheduleConf,
                schedule,
                rules=[(rule.weekday, rule.opens, rule.closes) for rule in schedule.rules.all()],
                holidays=[holiday.date for holiday in schedule.holidays.all()],
            )
        )
    queue_names = {row.pk: row.name for row in Queue.objects.all()}
    menu_rows = list(IVRMenu.objects.prefetch_related("options").order_by("name"))
    menu_names = {menu.pk: menu.name for menu in menu_rows}
    for menu in menu_rows:
        center.menus.append(
            from_row(
                IVRConf,
                menu,
                timeout_queue=queue_names.get(menu.timeout_queue_id or 0, ""),
                options=[
                    from_row(
                        OptionConf,
                        option,
                        queue=queue_names.get(option.queue_id or 0, ""),
                        ivr=menu_names.get(option.ivr_id or 0, ""),
                    )
                    for option in sorted(menu.options.all(), key=lambda option: option.digit)
                ],
            )
        )
    schedule_names = dict(Schedule.objects.values_list("pk", "name"))
    for route in InboundRoute.objects.filter(on_server).order_by("did"):
        center.routes.append(
            from_row(
                RouteConf,
                route,
                queue=queue_names.get(route.queue_id or 0, ""),
                ivr=menu_names.get(route.ivr_id or 0, ""),
                schedule=schedule_names.get(route.schedule_id or 0, ""),
            )
        )
