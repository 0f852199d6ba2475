"""REST API of the PBX configuration."""

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

__all__ = [
    "AsteriskServerViewSet",
    "HolidayViewSet",
    "IVRMenuViewSet",
    "IVROptionViewSet",
    "InboundRouteViewSet",
    "MusicOnHoldClassViewSet",
    "MusicOnHoldFileViewSet",
    "NodeGroupViewSet",
    "PromptViewSet",
    "QueueViewSet",
    "ScheduleRuleViewSet",
    "ScheduleViewSet",
    "TrunkViewSet",
]
