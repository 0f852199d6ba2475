"""Admin of the PBX configuration; importing this package registers every PBX model admin."""

from callcenter.pbx.admin.applies import ConfigApplyAdmin
from callcenter.pbx.admin.group_applies import GroupApplyAdmin
from callcenter.pbx.admin.groups import NodeGroupAdmin
from callcenter.pbx.admin.moh_files import MusicOnHoldFileAdmin
from callcenter.pbx.admin.music_on_hold import MusicOnHoldClassAdmin
from callcenter.pbx.admin.phones import PhoneAccountAdmin
from callcenter.pbx.admin.prompts import PromptAdmin
from callcenter.pbx.admin.routing import InboundRouteAdmin, IVRMenuAdmin, QueueAdmin, ScheduleAdmin
from callcenter.pbx.admin.servers import AsteriskServerAdmin
from callcenter.pbx.admin.trunks import TrunkAdmin

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
