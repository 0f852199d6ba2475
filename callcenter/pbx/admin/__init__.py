"""Admin of the PBX configuration; importing this package registers every PBX model admin."""

from callcenter.pbx.admin.groups import GroupApplyAdmin, NodeGroupAdmin
from callcenter.pbx.admin.nodes import AsteriskServerAdmin, ConfigApplyAdmin, PhoneAccountAdmin, TrunkAdmin
from callcenter.pbx.admin.routing import InboundRouteAdmin, IVRMenuAdmin, QueueAdmin, ScheduleAdmin
from callcenter.pbx.admin.sounds import MusicOnHoldClassAdmin, MusicOnHoldFileAdmin, PromptAdmin

__all__ = [
    "AsteriskServerAdmin",
    "ConfigApplyAdmin",
    "GroupApplyAdmin",
    "IVRMenuAdmin",
    "InboundRouteAdmin",
    "MusicOnHoldClassAdmin",
    "MusicOnHoldFileAdmin",
    "NodeGroupAdmin",
    "PhoneAccountAdmin",
    "PromptAdmin",
    "QueueAdmin",
    "ScheduleAdmin",
    "TrunkAdmin",
]
