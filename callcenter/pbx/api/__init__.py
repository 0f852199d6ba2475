"""REST API of the PBX configuration."""

from __future__ import annotations

from rest_framework.routers import BaseRouter

from callcenter.pbx.api.views import (
    AsteriskServerViewSet,
    HolidayViewSet,
    InboundRouteViewSet,
    IVRMenuViewSet,
    IVROptionViewSet,
    MusicOnHoldClassViewSet,
    MusicOnHoldFileViewSet,
    NodeGroupViewSet,
    PromptViewSet,
    QueueViewSet,
    ScheduleRuleViewSet,
    ScheduleViewSet,
    TrunkViewSet,
)


def register(router: BaseRouter) -> None:
    """Register the PBX configuration's viewsets on the project's API router."""
    router.register("servers", AsteriskServerViewSet, basename="server")
    router.register("node-groups", NodeGroupViewSet, basename="node-group")
    router.register("trunks", TrunkViewSet, basename="trunk")
    router.register("queues", QueueViewSet, basename="queue")
    router.register("schedules", ScheduleViewSet, basename="schedule")
    router.register("schedule-rules", ScheduleRuleViewSet, basename="schedule-rule")
    router.register("holidays", HolidayViewSet, basename="holiday")
    router.register("ivr-menus", IVRMenuViewSet, basename="ivr-menu")
    router.register("ivr-options", IVROptionViewSet, basename="ivr-option")
    router.register("inbound-routes", InboundRouteViewSet, basename="inbound-route")
    router.register("prompts", PromptViewSet, basename="prompt")
    router.register("moh-classes", MusicOnHoldClassViewSet, basename="moh-class")
    router.register("moh-files", MusicOnHoldFileViewSet, basename="moh-file")
