"""PBX configuration models, one module per concept. Every value that reaches an Asterisk file is validated on save."""

from callcenter.pbx.models.applies import ConfigApply, GroupApply
from callcenter.pbx.models.queues import Queue, unknown_moh_class_error
from callcenter.pbx.models.routes import Destination, InboundRoute, IVRMenu, IVROption
from callcenter.pbx.models.schedules import Holiday, Schedule, ScheduleRule
from callcenter.pbx.models.servers import AsteriskServer, NodeGroup
from callcenter.pbx.models.sounds import (
    AudioModel,
    MusicOnHoldClass,
    MusicOnHoldFile,
    Prompt,
    audio_users,
    prompt_users,
    renamed_while_used_error,
)
from callcenter.pbx.models.trunks import PhoneAccount, Trunk
from callcenter.pbx.models.validators import (
    DEFAULT_MOH_CLASS,
    case_variant_error,
    validate_context_reference,
    validate_moh_class_name,
    validate_queue_name,
    validate_recordings_dir,
    validate_trunk_name,
)

__all__ = [
    "DEFAULT_MOH_CLASS",
    "AsteriskServer",
    "AudioModel",
    "ConfigApply",
    "Destination",
    "GroupApply",
    "Holiday",
    "IVRMenu",
    "IVROption",
    "InboundRoute",
    "MusicOnHoldClass",
    "MusicOnHoldFile",
    "NodeGroup",
    "PhoneAccount",
    "Prompt",
    "Queue",
    "Schedule",
    "ScheduleRule",
    "Trunk",
    "audio_users",
    "case_variant_error",
    "prompt_users",
    "renamed_while_used_error",
    "unknown_moh_class_error",
    "validate_context_reference",
    "validate_moh_class_name",
    "validate_queue_name",
    "validate_recordings_dir",
    "validate_trunk_name",
]
