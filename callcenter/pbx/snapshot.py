"""What a render needs, read from the database in a few queries into plain data, and checked value by value.

Rendering works on this snapshot, never on model instances, so that it can be validated as a whole before a
single line is written, and so that benchmarks and property tests can build one without a database.

Every value is re-checked here with the validators of the model field it came from: a row written around the
models' own validation (a queryset ``update()``, raw SQL, an old row from before a validator existed) is
refused at render time exactly as it would have been refused on save.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Q

from callcenter.core.validators import validate_extension

TIME_ZONE_RE = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*")
CODEC_RE = re.compile(r"[a-z0-9_]{2,16}")
SHA256_RE = re.compile(r"[0-9a-f]{64}")
# The node's own music on hold class (the Asterisk image's musiconhold.conf), never rendered.
NODE_MOH_CLASS = "default"
DEFAULT_CONFIG_DIR = "/etc/asterisk/callcenter"
DEFAULT_RECORDINGS_DIR = "/var/spool/asterisk/monitor/callcenter"


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
_MAY_BE_EMPTY = {
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


class _FieldChecker:
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


def validate_center(center: CenterConf) -> list[str]:
    """Every problem that stops this snapshot from rendering, as readable messages (empty: fine)."""
    checker = _FieldChecker()
    errors: list[str] = []

    def check_object(obj: Any, where: str) -> None:
        for attr, (label, name) in FIELD_SOURCES[type(obj)].items():
            value = getattr(obj, attr)
            if value == "" and attr in _MAY_BE_EMPTY:
                continue
            problem = checker.check(label, name, value)
            if problem is not None:
                errors.append(f"{where}: {attr}: {problem}")

    for queue in center.queues:
        check_object(queue, f"queue {queue.name!r}")
        for member in queue.members:
            check_object(member, f"queue {queue.name!r} member {member.member_name!r}")
            if not member.interface:
                errors.append(f"queue {queue.name!r}: a static member has no interface")
    for agent in center.agents:
        check_object(agent, f"agent {agent.extension!r}")
        if agent.interface.startswith("PJSIP/") and not agent.secret:
            errors.append(f"agent {agent.extension!r}: the phone has no SIP password (phone account)")
        for queue_name, penalty in agent.dynamic_queues:
            for problem in (
                checker.check("pbx.Queue", "name", queue_name),
                checker.check("agents.QueueMembership", "penalty", penalty),
            ):
                if problem is not None:
                    errors.append(f"agent {agent.extension!r} dynamic queue: {problem}")
    for supervisor in center.supervisors:
        check_object(supervisor, f"supervisor {supervisor.username!r}")
        if not supervisor.secret:
            errors.append(
                f"supervisor {supervisor.username!r}: the phone has no SIP password (phone account)"
            )
        try:
            validate_extension(supervisor.extension)
        except ValidationError as exc:
            errors.append(f"supervisor {supervisor.username!r}: phone_extension: {'; '.join(exc.messages)}")
    for reason in center.pause_reasons:
        check_object(reason, f"pause reason {reason.code!r}")
    for trunk in center.trunks:
        check_object(trunk, f"trunk {trunk.name!r}")
        if not all(CODEC_RE.fullmatch(codec) for codec in trunk.codecs.split(",")):
            errors.append(f"trunk {trunk.name!r}: codecs: not a comma-separated list of codec names")
    for schedule in center.schedules:
        check_object(schedule, f"schedule {schedule.name!r}")
        if not TIME_ZONE_RE.fullmatch(schedule.time_zone):
            errors.append(f"schedule {schedule.name!r}: time_zone: not an IANA zone name")
        for weekday, opens, closes in schedule.rules:
            if not (0 <= weekday <= 6) or opens >= closes:
                errors.append(f"schedule {schedule.name!r}: rule {weekday} {opens}-{closes} is not valid")
    for menu in center.menus:
        check_object(menu, f"IVR menu {menu.name!r}")
        for option in menu.options:
            check_object(option, f"IVR menu {menu.name!r} key {option.digit!r}")
    for route in center.routes:
        check_object(route, f"inbound route {route.did!r}")
    for prompt in center.prompts:
        check_object(prompt, f"prompt {prompt.name!r}")
        if not SHA256_RE.fullmatch(prompt.audio.sha256):
            errors.append(f"prompt {prompt.name!r}: sha256: not a SHA-256 digest")
    for moh_class in center.moh_classes:
        check_object(moh_class, f"music on hold class {moh_class.name!r}")
        for moh_file in moh_class.files:
            check_object(moh_file, f"music on hold class {moh_class.name!r} file {moh_file.name!r}")
            if not SHA256_RE.fullmatch(moh_file.audio.sha256):
                errors.append(
                    f"music on hold class {moh_class.name!r} file {moh_file.name!r}: sha256: not a SHA-256 digest"
                )
    for field_name in ("recordings_dir", "sip_port"):
        problem = checker.check("pbx.AsteriskServer", field_name, getattr(center, field_name))
        if problem is not None:
            errors.append(f"server {center.server_name or 'all'!r}: {field_name}: {problem}")
    errors.extend(_check_targets(center))
    return errors


def _check_targets(center: CenterConf) -> list[str]:
    """Destinations must name what their kind needs, and every named object must be in this render."""
    errors: list[str] = []
    queues = {queue.name for queue in center.queues}
    menus = {menu.name for menu in center.menus}
    schedules = {schedule.name for schedule in center.schedules}
    extensions = {agent.extension for agent in center.agents} | {s.extension for s in center.supervisors}

    def destination(where: str, kind: str, queue: str, ivr: str, extension: str) -> None:
        if kind == "queue" and queue not in queues:
            errors.append(f"{where}: queue {queue!r} is not rendered on this server")
        elif kind == "ivr" and ivr not in menus:
            errors.append(f"{where}: IVR menu {ivr!r} does not exist")
        elif kind == "extension" and extension not in extensions:
            errors.append(f"{where}: extension {extension!r} is no agent's or supervisor's phone")
        elif kind not in ("queue", "ivr", "extension", "hangup"):
            errors.append(f"{where}: unknown destination {kind!r}")

    for menu in center.menus:
        if menu.timeout_queue and menu.timeout_queue not in queues:
            errors.append(
                f"IVR menu {menu.name!r}: queue {menu.timeout_queue!r} is not rendered on this server"
            )
        for option in menu.options:
            destination(
                f"IVR menu {menu.name!r} key {option.digit!r}",
                option.destination,
                option.queue,
                option.ivr,
                option.extension,
            )
    for route in center.routes:
        destination(
            f"inbound route {route.did!r}", route.destination, route.queue, route.ivr, route.extension
        )
        if route.schedule and route.schedule not in schedules:
            errors.append(f"inbound route {route.did!r}: schedule {route.schedule!r} does not exist")
    # A queue's music is the node's own class or one rendered here: anything else plays silence.
    classes = {moh_class.name: moh_class for moh_class in center.moh_classes}
    for queue in center.queues:
        wanted = queue.music_class
        if wanted == NODE_MOH_CLASS or not wanted:
            continue
        if wanted not in classes:
            errors.append(f"queue {queue.name!r}: music on hold class {wanted!r} does not exist")
        elif not classes[wanted].files:
            errors.append(
                f"queue {queue.name!r}: music on hold class {wanted!r} has no files: upload at least one"
            )
    # app_queue, res_musiconhold and the trunks' GROUP() counters compare names without regard to case.
    for kind, names in (
        ("queue", [queue.name for queue in center.queues]),
        ("trunk", [trunk.name for trunk in center.trunks]),
        ("music on hold class", [moh_class.name for moh_class in center.moh_classes]),
    ):
        spellings: dict[str, list[str]] = {}
        for name in names:
            spellings.setdefault(name.lower(), []).append(name)
        for variants in spellings.values():
            if len(set(variants)) > 1:
                listed = ", ".join(repr(name) for name in sorted(set(variants)))
                errors.append(f"{kind} names {listed} differ only in letter case")
    for kind, names in (
        ("queue", [queue.name for queue in center.queues]),
        ("IVR menu", [menu.name for menu in center.menus]),
        ("schedule", [schedule.name for schedule in center.schedules]),
        ("inbound number", [route.did for route in center.routes]),
        ("pause reason", [reason.code for reason in center.pause_reasons]),
        ("prompt", [prompt.name for prompt in center.prompts]),
        ("music on hold class", [moh_class.name for moh_class in center.moh_classes]),
        *(
            (f"music on hold class {moh_class.name!r} file", [moh_file.name for moh_file in moh_class.files])
            for moh_class in center.moh_classes
        ),
        (
            "extension",
            [agent.extension for agent in center.agents] + sorted({s.extension for s in center.supervisors}),
        ),
    ):
        for name, count in Counter(names).items():
            if count > 1:
                errors.append(f"{kind} {name!r} is defined twice")
    pjsip_names = Counter(
        [agent.interface[len("PJSIP/") :] for agent in center.agents if agent.interface.startswith("PJSIP/")]
        + sorted({supervisor.extension for supervisor in center.supervisors})
        + [trunk.name for trunk in center.trunks]
    )
    for name, count in pjsip_names.items():
        if count > 1:
            errors.append(f"{name!r} has the same PJSIP name as another phone or trunk")
    return errors


def collect(server: Any = None) -> CenterConf:
    """Read one node's configuration (or the whole center's when server is None) from the database."""
    from callcenter.accounts.models import Role, User
    from callcenter.agents.models import Agent, PauseReason, QueueMembership
    from callcenter.pbx.models import InboundRoute, IVRMenu, PhoneAccount, Queue, Schedule, Trunk

    on_server = Q(server__isnull=True) | Q(server=server) if server is not None else Q()
    if server is not None and getattr(server, "group_id", None) is not None:
        # Every node of a group serves what any of its nodes is given: one configuration for all of them.
        on_server = Q(server__isnull=True) | Q(server__group_id=server.group_id)
    center = CenterConf(
        server_name=server.name if server is not None else "",
        config_dir=server.config_dir if server is not None else DEFAULT_CONFIG_DIR,
        recordings_dir=server.recordings_dir if server is not None else DEFAULT_RECORDINGS_DIR,
        sip_port=server.sip_port if server is not None else 5060,
    )
    secrets = dict(PhoneAccount.objects.values_list("extension", "secret"))
    queue_rows = list(Queue.objects.filter(on_server).order_by("name"))
    by_queue: dict[int, QueueConf] = {}
    for row in queue_rows:
        conf = QueueConf(
            name=row.name,
            strategy=row.strategy,
            timeout=row.timeout,
            retry=row.retry,
            wrapuptime=row.wrapuptime,
            maxlen=row.maxlen,
            max_wait=row.max_wait,
            service_level=row.service_level,
            weight=row.weight,
            joinempty=row.joinempty,
            leavewhenempty=row.leavewhenempty,
            ringinuse=row.ringinuse,
            announce_position=row.announce_position,
            announce_holdtime=row.announce_holdtime,
            announce_frequency=row.announce_frequency,
            announce_round_seconds=row.announce_round_seconds,
            periodic_announce=row.periodic_announce,
            periodic_announce_frequency=row.periodic_announce_frequency,
            music_class=row.music_class,
            exit_context=row.exit_context,
            recording=row.recording,
            survey_enabled=row.survey_enabled,
            callback_enabled=row.callback_enabled,
        )
        by_queue[row.pk] = conf
        center.queues.append(conf)

    agents: dict[int, AgentConf] = {}
    for agent in Agent.objects.filter(active=True).order_by("extension"):
        conf_agent = AgentConf(
            extension=agent.extension,
            member_name=agent.member_name,
            display_name=agent.display_name,
            interface=agent.effective_interface,
            language=agent.language,
            secret=secrets.get(agent.extension, ""),
        )
        agents[agent.pk] = conf_agent
        center.agents.append(conf_agent)
    memberships = QueueMembership.objects.filter(queue_id__in=by_queue, agent_id__in=agents).order_by(
        "queue__name", "penalty", "agent__extension"
    )
    for queue_id, agent_id, penalty, static in memberships.values_list(
        "queue_id", "agent_id", "penalty", "static"
    ):
        agent_conf = agents[agent_id]
        if static:
            by_queue[queue_id].members.append(
                MemberConf(agent_conf.interface, penalty, agent_conf.member_name)
            )
        else:
            agent_conf.dynamic_queues.append((by_queue[queue_id].name, penalty))

    supervisors = User.objects.filter(is_active=True, role=Role.SUPERVISOR).exclude(phone_extension="")
    for username, extension in supervisors.order_by("phone_extension").values_list(
        "username", "phone_extension"
    ):
        center.supervisors.append(SupervisorConf(username, extension, secrets.get(extension, "")))
    for pk, code in PauseReason.objects.filter(active=True).order_by("pk").values_list("pk", "code"):
        center.pause_reasons.append(PauseReasonConf(pk, code))
    for trunk in Trunk.objects.filter(on_server, enabled=True).order_by("name"):
        center.trunks.append(
            TrunkConf(
                name=trunk.name,
                host=trunk.host,
                port=trunk.port,
                transport=trunk.transport,
                username=trunk.username,
                secret=trunk.secret,
                from_user=trunk.from_user,
                codecs=trunk.codecs,
                max_channels=trunk.max_channels,
                outbound_prefix=trunk.outbound_prefix,
                caller_id=trunk.caller_id,
            )
        )
    for schedule in Schedule.objects.prefetch_related("rules", "holidays").order_by("name"):
        center.schedules.append(
            ScheduleConf(
                name=schedule.name,
                time_zone=schedule.time_zone,
                rules=[(rule.weekday, rule.opens, rule.closes) for rule in schedule.rules.all()],
                holidays=[holiday.date for holiday in schedule.holidays.all()],
            )
        )
    queue_names = {row.pk: row.name for row in Queue.objects.all()}
    menu_rows = list(IVRMenu.objects.prefetch_related("options").order_by("name"))
    menu_names = {menu.pk: menu.name for menu in menu_rows}
    for menu in menu_rows:
        center.menus.append(
            IVRConf(
                name=menu.name,
                greeting=menu.greeting,
                invalid_prompt=menu.invalid_prompt,
                timeout_s=menu.timeout_s,
                max_retries=menu.max_retries,
                timeout_queue=queue_names.get(menu.timeout_queue_id or 0, ""),
                options=[
                    OptionConf(
                        digit=option.digit,
                        destination=option.destination,
                        queue=queue_names.get(option.queue_id or 0, ""),
                        ivr=menu_names.get(option.ivr_id or 0, ""),
                        extension=option.extension,
                    )
                    for option in sorted(menu.options.all(), key=lambda option: option.digit)
                ],
            )
        )
    schedule_names = dict(Schedule.objects.values_list("pk", "name"))
    for route in InboundRoute.objects.filter(on_server).order_by("did"):
        center.routes.append(
            RouteConf(
                did=route.did,
                name=route.name,
                destination=route.destination,
                queue=queue_names.get(route.queue_id or 0, ""),
                ivr=menu_names.get(route.ivr_id or 0, ""),
                extension=route.extension,
                schedule=schedule_names.get(route.schedule_id or 0, ""),
                closed_prompt=route.closed_prompt,
            )
        )
    collect_audio(center)
    return center


def collect_audio(center: CenterConf) -> None:
    """The uploaded prompts and music on hold classes (shared by every node), without their bytes."""
    from callcenter.pbx.models import MusicOnHoldClass, MusicOnHoldFile, Prompt

    for pk, name, sha256 in Prompt.objects.order_by("name").values_list("pk", "name", "sha256"):
        center.prompts.append(PromptConf(name, AudioConf(sha256, row=("pbx.Prompt", pk))))
    by_class: dict[int, MohClassConf] = {}
    for pk, name, sort in MusicOnHoldClass.objects.order_by("name").values_list("pk", "name", "sort"):
        by_class[pk] = MohClassConf(name, sort)
        center.moh_classes.append(by_class[pk])
    files = MusicOnHoldFile.objects.order_by("moh_class_id", "name").values_list(
        "pk", "moh_class_id", "name", "sha256"
    )
    for pk, class_id, name, sha256 in files:
        by_class[class_id].files.append(MohFileConf(name, AudioConf(sha256, row=("pbx.MusicOnHoldFile", pk))))
