"""Where each rendered value comes from: the model field whose validators check it."""

from __future__ import annotations

from typing import Any

from callcenter.pbx.snapshot.conf.agents import AgentConf, PauseReasonConf, SupervisorConf
from callcenter.pbx.snapshot.conf.audio import MohClassConf, MohFileConf, PromptConf
from callcenter.pbx.snapshot.conf.queues import MemberConf, QueueConf
from callcenter.pbx.snapshot.conf.routing import IVRConf, OptionConf, RouteConf, ScheduleConf
from callcenter.pbx.snapshot.conf.trunks import TrunkConf


def _fields(label: str, *names: str) -> dict[str, tuple[str, str]]:
    """Attributes named as the fields of one model they come from."""
    return {name: (label, name) for name in names}


# dataclass attribute -> (model label, model field name). Every attribute that is rendered is listed here.
FIELD_SOURCES: dict[type[Any], dict[str, tuple[str, str]]] = {
    QueueConf: _fields(
        "pbx.Queue",
        "name",
        "strategy",
        "timeout",
        "retry",
        "wrapuptime",
        "maxlen",
        "max_wait",
        "service_level",
        "weight",
        "joinempty",
        "leavewhenempty",
        "announce_position",
        "announce_holdtime",
        "announce_frequency",
        "announce_round_seconds",
        "periodic_announce",
        "periodic_announce_frequency",
        "music_class",
        "exit_context",
        "recording",
    ),
    MemberConf: {
        **_fields("agents.Agent", "interface", "member_name"),
        "penalty": ("agents.QueueMembership", "penalty"),
    },
    AgentConf: {
        **_fields("agents.Agent", "extension", "member_name", "display_name", "interface", "language"),
        "secret": ("pbx.PhoneAccount", "secret"),
    },
    SupervisorConf: _fields("pbx.PhoneAccount", "extension", "secret"),
    PauseReasonConf: _fields("agents.PauseReason", "code"),
    TrunkConf: _fields(
        "pbx.Trunk",
        "name",
        "host",
        "port",
        "transport",
        "username",
        "secret",
        "from_user",
        "max_channels",
        "outbound_prefix",
        "caller_id",
    ),
    ScheduleConf: _fields("pbx.Schedule", "name", "time_zone"),
    OptionConf: {
        **_fields("pbx.IVROption", "digit", "destination", "extension"),
        "queue": ("pbx.Queue", "name"),
        "ivr": ("pbx.IVRMenu", "name"),
    },
    IVRConf: {
        **_fields("pbx.IVRMenu", "name", "greeting", "invalid_prompt", "timeout_s", "max_retries"),
        "timeout_queue": ("pbx.Queue", "name"),
    },
    RouteConf: {
        **_fields("pbx.InboundRoute", "did", "name", "destination", "extension", "closed_prompt"),
        "queue": ("pbx.Queue", "name"),
        "ivr": ("pbx.IVRMenu", "name"),
        "schedule": ("pbx.Schedule", "name"),
    },
    PromptConf: _fields("pbx.Prompt", "name"),
    MohClassConf: _fields("pbx.MusicOnHoldClass", "name", "sort"),
    MohFileConf: _fields("pbx.MusicOnHoldFile", "name"),
}

# Values that may legitimately be empty (an empty optional field is not rendered).
MAY_BE_EMPTY = {
    "interface",
    "periodic_announce",
    "exit_context",
    "username",
    "secret",
    "from_user",
    "outbound_prefix",
    "caller_id",
    "queue",
    "ivr",
    "extension",
    "schedule",
    "timeout_queue",
}
