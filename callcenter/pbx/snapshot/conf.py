"""The snapshot's plain data: one dataclass per rendered object, and the error a bad snapshot raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from django.apps import apps

from callcenter.pbx.defaults import DEFAULT_CONFIG_DIR, DEFAULT_RECORDINGS_DIR


@dataclass
class MemberConf:
    """A static queue member line."""

    interface: str
    penalty: int
    member_name: str


@dataclass
class QueueConf:
    """One queue with every option queues.conf and the queue's entry context need."""

    name: str
    strategy: str = "rrmemory"
    timeout: int = 15
    retry: int = 5
    wrapuptime: int = 0
    maxlen: int = 0
    max_wait: int = 0
    service_level: int = 20
    weight: int = 0
    joinempty: str = "yes"
    leavewhenempty: str = "no"
    ringinuse: bool = False
    announce_position: str = "no"
    announce_holdtime: str = "no"
    announce_frequency: int = 0
    announce_round_seconds: int = 0
    periodic_announce: str = ""
    periodic_announce_frequency: int = 0
    music_class: str = "default"
    exit_context: str = ""
    recording: str = "none"
    survey_enabled: bool = False
    callback_enabled: bool = False
    members: list[MemberConf] = field(default_factory=list)


@dataclass
class AgentConf:
    """An active agent: their phone, the name queue_log knows them by, and their dynamic queues."""

    extension: str
    member_name: str
    display_name: str
    interface: str
    language: str = "ru"
    secret: str = ""
    dynamic_queues: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class SupervisorConf:
    """A supervisor's own desk phone: the only phones allowed into the spy entry points."""

    username: str
    extension: str
    secret: str = ""


@dataclass
class PauseReasonConf:
    """A pause reason and the number an agent dials after the pause feature code."""

    number: int
    code: str


@dataclass
class TrunkConf:
    """A carrier trunk (endpoint, registration, outbound route)."""

    name: str
    host: str
    port: int = 5060
    transport: str = "udp"
    username: str = ""
    secret: str = ""
    from_user: str = ""
    codecs: str = "alaw,ulaw"
    max_channels: int = 30
    outbound_prefix: str = ""
    caller_id: str = ""


@dataclass
class ScheduleConf:
    """Opening hours (weekday, opens, closes) and closed dates in a time zone."""

    name: str
    time_zone: str = "Europe/Moscow"
    rules: list[tuple[int, time, time]] = field(default_factory=list)
    holidays: list[date] = field(default_factory=list)


@dataclass
class OptionConf:
    """One key of an IVR menu."""

    digit: str
    destination: str
    queue: str = ""
    ivr: str = ""
    extension: str = ""


@dataclass
class IVRConf:
    """A voice menu."""

    name: str
    greeting: str
    invalid_prompt: str = "option-is-invalid"
    timeout_s: int = 5
    max_retries: int = 3
    timeout_queue: str = ""
    options: list[OptionConf] = field(default_factory=list)


@dataclass
class RouteConf:
    """An inbound DID route."""

    did: str
    name: str
    destination: str
    queue: str = ""
    ivr: str = ""
    extension: str = ""
    schedule: str = ""
    closed_prompt: str = "custom/closed"


@dataclass
class AudioConf:
    """A converted audio file (8 kHz mono 16-bit WAV): its SHA-256, and where its bytes come from.

    ``data`` holds the bytes of a snapshot built without a database (tests, benchmarks); a snapshot read by
    ``collect`` names the row instead, and the bytes are read only when a file is written that the node
    does not already have (``read_audio``).
    """

    sha256: str
    data: bytes | None = None
    row: tuple[str, int] | None = None  # (model label, primary key)


@dataclass
class PromptConf:
    """An uploaded prompt, written as ``sounds/<name>.wav`` and played by that path."""

    name: str
    audio: AudioConf


@dataclass
class MohFileConf:
    """One file of a music on hold class, written as ``moh/<class>/<name>.wav``."""

    name: str
    audio: AudioConf


@dataclass
class MohClassConf:
    """A music on hold class of musiconhold.conf (mode=files, a directory of its own)."""

    name: str
    sort: str = "alpha"
    files: list[MohFileConf] = field(default_factory=list)


@dataclass
class CenterConf:
    """Everything one node's configuration is rendered from."""

    server_name: str = ""
    config_dir: str = DEFAULT_CONFIG_DIR
    recordings_dir: str = DEFAULT_RECORDINGS_DIR
    sip_port: int = 5060
    queues: list[QueueConf] = field(default_factory=list)
    agents: list[AgentConf] = field(default_factory=list)
    supervisors: list[SupervisorConf] = field(default_factory=list)
    pause_reasons: list[PauseReasonConf] = field(default_factory=list)
    trunks: list[TrunkConf] = field(default_factory=list)
    schedules: list[ScheduleConf] = field(default_factory=list)
    menus: list[IVRConf] = field(default_factory=list)
    routes: list[RouteConf] = field(default_factory=list)
    prompts: list[PromptConf] = field(default_factory=list)
    moh_classes: list[MohClassConf] = field(default_factory=list)


def read_audio(audio: AudioConf) -> bytes:
    """The bytes of an audio file of the snapshot (from the snapshot itself, or from its row)."""
    if audio.data is not None:
        return audio.data
    if audio.row is None:
        raise ConfigInvalid([f"audio {audio.sha256[:12]}: no content"])
    label, pk = audio.row
    stored = apps.get_model(label)._default_manager.filter(pk=pk).values_list("audio", flat=True).first()
    if stored is None:
        raise ConfigInvalid([f"audio {audio.sha256[:12]}: the {label} row {pk} no longer exists"])
    return bytes(stored)


class ConfigInvalid(Exception):
    """The snapshot holds values that must never reach an Asterisk file; ``errors`` lists each one."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__(
            "; ".join(errors[:20]) + (f" (and {len(errors) - 20} more)" if len(errors) > 20 else "")
        )
