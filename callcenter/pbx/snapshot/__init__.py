"""What a render needs, read from the database in a few queries into plain data, and checked value by value.

Rendering works on this snapshot, never on model instances, so that it can be validated as a whole before a
single line is written, and so that benchmarks and property tests can build one without a database.

Every value is re-checked here with the validators of the model field it came from: a row written around the
models' own validation (a queryset ``update()``, raw SQL, an old row from before a validator existed) is
refused at render time exactly as it would have been refused on save."""

from callcenter.pbx.defaults import DEFAULT_CONFIG_DIR, DEFAULT_RECORDINGS_DIR
from callcenter.pbx.snapshot.checks import NODE_MOH_CLASS, validate_center
from callcenter.pbx.snapshot.collect import collect
from callcenter.pbx.snapshot.collect_audio import collect_audio
from callcenter.pbx.snapshot.conf.agents import AgentConf, PauseReasonConf, SupervisorConf
from callcenter.pbx.snapshot.conf.audio import AudioConf, MohClassConf, MohFileConf, PromptConf, read_audio
from callcenter.pbx.snapshot.conf.center import CenterConf
from callcenter.pbx.snapshot.conf.errors import ConfigInvalid
from callcenter.pbx.snapshot.conf.queues import MemberConf, QueueConf
from callcenter.pbx.snapshot.conf.routing import IVRConf, OptionConf, RouteConf, ScheduleConf
from callcenter.pbx.snapshot.conf.trunks import TrunkConf
from callcenter.pbx.snapshot.fields import FIELD_SOURCES

__all__ = [
    "DEFAULT_CONFIG_DIR",
    "DEFAULT_RECORDINGS_DIR",
    "FIELD_SOURCES",
    "NODE_MOH_CLASS",
    "AgentConf",
    "AudioConf",
    "CenterConf",
    "ConfigInvalid",
    "IVRConf",
    "MemberConf",
    "MohClassConf",
    "MohFileConf",
    "OptionConf",
    "PauseReasonConf",
    "PromptConf",
    "QueueConf",
    "RouteConf",
    "ScheduleConf",
    "SupervisorConf",
    "TrunkConf",
    "collect",
    "collect_audio",
    "read_audio",
    "validate_center",
]
