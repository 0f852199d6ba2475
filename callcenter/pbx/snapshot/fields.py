"""Where each rendered value comes from, and the check of a value by its model field's own validators."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError

from callcenter.pbx.snapshot.conf import (
    AgentConf,
    IVRConf,
    MemberConf,
    MohClassConf,
    MohFileConf,
    OptionConf,
    PauseReasonConf,
    PromptConf,
    QueueConf,
    RouteConf,
    ScheduleConf,
    SupervisorConf,
    TrunkConf,
)

# dataclass attribute -> (model label, model field name). Every attribute that is rendered is listed here.
FIELD_SOURCES: dict[type[Any], dict[str, tuple[str, str]]] = {
    QueueConf: {
        "name": ("pbx.Queue", "name"),
        "strategy": ("pbx.Queue", "strategy"),
        "timeout": ("pbx.Queue", "timeout"),
        "retry": ("pbx.Queue", "retry"),
        "wrapuptime": ("pbx.Queue", "wrapuptime"),
        "maxlen": ("pbx.Queue", "maxlen"),
        "max_wait": ("pbx.Queue", "max_wait"),
        "service_level": ("pbx.Queue", "service_level"),
        "weight": ("pbx.Queue", "weight"),
        "joinempty": ("pbx.Queue", "joinempty"),
        "leavewhenempty": ("pbx.Queue", "leavewhenempty"),
        "announce_position": ("pbx.Queue", "announce_position"),
        "announce_holdtime": ("pbx.Queue", "announce_holdtime"),
        "announce_frequency": ("pbx.Queue", "announce_frequency"),
        "announce_round_seconds": ("pbx.Queue", "announce_round_seconds"),
        "periodic_announce": ("pbx.Queue", "periodic_announce"),
        "periodic_announce_frequency": ("pbx.Queue", "periodic_announce_frequency"),
        "music_class": ("pbx.Queue", "music_class"),
        "exit_context": ("pbx.Queue", "exit_context"),
        "recording": ("pbx.Queue", "recording"),
    },
    MemberConf: {
        "interface": ("agents.Agent", "interface"),
        "penalty": ("agents.QueueMembership", "penalty"),
        "member_name": ("agents.Agent", "member_name"),
    },
    AgentConf: {
        "extension": ("agents.Agent", "extension"),
        "member_name": ("agents.Agent", "member_name"),
        "display_name": ("agents.Agent", "display_name"),
        "interface": ("agents.Agent", "interface"),
        "language": ("agents.Agent", "language"),
        "secret": ("pbx.PhoneAccount", "secret"),
    },
    SupervisorConf: {
        "extension": ("pbx.PhoneAccount", "extension"),
        "secret": ("pbx.PhoneAccount", "secret"),
    },
    PauseReasonConf: {"code": ("agents.PauseReason", "code")},
    TrunkConf: {
        "name": ("pbx.Trunk", "name"),
        "host": ("pbx.Trunk", "host"),
        "port": ("pbx.Trunk", "port"),
        "transport": ("pbx.Trunk", "transport"),
        "username": ("pbx.Trunk", "username"),
        "secret": ("pbx.Trunk", "secret"),
        "from_user": ("pbx.Trunk", "from_user"),
        "max_channels": ("pbx.Trunk", "max_channels"),
        "outbound_prefix": ("pbx.Trunk", "outbound_prefix"),
        "caller_id": ("pbx.Trunk", "caller_id"),
    },
    ScheduleConf: {"name": ("pbx.Schedule", "name"), "time_zone": ("pbx.Schedule", "time_zone")},
    OptionConf: {
        "digit": ("pbx.IVROption", "digit"),
        "destination": ("pbx.IVROption", "destination"),
        "queue": ("pbx.Queue", "name"),
        "ivr": ("pbx.IVRMenu", "name"),
        "extension": ("pbx.IVROption", "extension"),
    },
    IVRConf: {
        "name": ("pbx.IVRMenu", "name"),
        "greeting": ("pbx.IVRMenu", "greeting"),
        "invalid_prompt": ("pbx.IVRMenu", "invalid_prompt"),
        "timeout_s": ("pbx.IVRMenu", "timeout_s"),
        "max_retries": ("pbx.IVRMenu", "max_retries"),
        "timeout_queue": ("pbx.Queue", "name"),
    },
    RouteConf: {
        "did": ("pbx.InboundRoute", "did"),
        "name": ("pbx.InboundRoute", "name"),
        "destination": ("pbx.InboundRoute", "destination"),
        "queue": ("pbx.Queue", "name"),
        "ivr": ("pbx.IVRMenu", "name"),
        "extension": ("pbx.InboundRoute", "extension"),
        "schedule": ("pbx.Schedule", "name"),
        "closed_prompt": ("pbx.InboundRoute", "closed_prompt"),
    },
    PromptConf: {"name": ("pbx.Prompt", "name")},
    MohClassConf: {"name": ("pbx.MusicOnHoldClass", "name"), "sort": ("pbx.MusicOnHoldClass", "sort")},
    MohFileConf: {"name": ("pbx.MusicOnHoldFile", "name")},
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


class FieldChecker:
    """Runs a model field's own ``clean`` on a value, remembering values already accepted (speed)."""

    def __init__(self) -> None:
        self._accepted: set[tuple[str, str, Any]] = set()
        self._fields: dict[tuple[str, str], Any] = {}

    def check(self, label: str, name: str, value: Any) -> str | None:
        key = (label, name, value)
        if key in self._accepted:
            return None
        model_field = self._fields.get((label, name))
        if model_field is None:
            model_field = apps.get_model(label)._meta.get_field(name)
            self._fields[(label, name)] = model_field
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            return f"unexpected value type {type(value).__name__}"
        try:
            model_field.clean(value, None)
        except ValidationError as exc:
            return "; ".join(str(message) for message in exc.messages)
        self._accepted.add(key)
        return None
