"""Renders a validated snapshot of the center into the files Asterisk reads.

Layout of a rendered directory (an overlay of Asterisk's configuration directory)::

    queues.conf                         app_queue: one section per queue, static members
    extensions.conf                     [general], [globals], and #include of the two below
    pjsip.conf                          transports, agents' and supervisors' phones, trunks
    callcenter/generated.conf           the generated contexts (routes, schedules, IVR, queues, lookups)
    callcenter/dialplans/<name>.conf    copies of the hand-written subroutines from dialplans/
    musiconhold.conf                    one class per uploaded music on hold class (mode=files)
    moh/<class>/<file>.wav              the files of each class (8 kHz mono 16-bit WAV)
    sounds/<prompt>.wav                 the uploaded prompts, played by absolute path

The #include lines, the music on hold directories and the uploaded prompts use absolute paths under
``include_root``: the directory as Asterisk will see it (the
``live`` symlink of an applied node, or the output directory itself for a plain render).
The output is deterministic: the same database renders byte-identical files, so a diff shows only real
changes and an unchanged module is never reloaded.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from callcenter.core.validators import validate_abs_path
from callcenter.pbx.audio import EXTENSION as AUDIO_EXTENSION
from callcenter.pbx.audio import check_stored, sha256_hex
from callcenter.pbx.channels import spy_prefix, state_interface
from callcenter.pbx.snapshot import AudioConf, CenterConf, ConfigInvalid, read_audio, validate_center
from callcenter.pbx.templating import load

QUEUES_FILE = "queues.conf"
EXTENSIONS_FILE = "extensions.conf"
PJSIP_FILE = "pjsip.conf"
GENERATED_FILE = "callcenter/generated.conf"
DIALPLANS_DIR = "callcenter/dialplans"
MUSICONHOLD_FILE = "musiconhold.conf"
SOUNDS_DIR = "sounds"
MOH_DIR = "moh"
AUDIO_DIRS = (SOUNDS_DIR, MOH_DIR)
# The prompts the hand-written subroutines play, as [globals] of extensions.conf names them.
GLOBAL_PROMPTS = {
    "survey_prompt": "custom/survey",
    "survey_thanks": "auth-thankyou",
    "callback_prompt": "custom/callback-number",
    "callback_ok": "custom/callback-ok",
}
CALLBACK_KEY = "*"
# The caller tiers (VIP routing): the AstDB family the control plane pushes to every node, and the
# generated subroutine every queue context calls with it before Queue() (docs/pbx-config.md).
VIP_FAMILY = "cc-vip"
VIP_CONTEXT = "cc-vip"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Which Asterisk module reads which rendered file, i.e. what to reload when it changes.
MODULE_QUEUES = "app_queue.so"
MODULE_DIALPLAN = "dialplan"
MODULE_PJSIP = "res_pjsip.so"
MODULE_MOH = "res_musiconhold.so"


def is_audio(path: str) -> bool:
    """Is ``path`` (relative to a rendered directory) one of the audio files rather than a config file?"""
    return path.split("/", 1)[0] in AUDIO_DIRS


def module_for(path: str) -> str | None:
    """The module to reload when the rendered file ``path`` changed (None: nothing, e.g. a prompt's audio,
    which Asterisk opens anew each time it plays it)."""
    if path == QUEUES_FILE:
        return MODULE_QUEUES
    if path == PJSIP_FILE:
        return MODULE_PJSIP
    if path == MUSICONHOLD_FILE or path.startswith(f"{MOH_DIR}/"):
        return MODULE_MOH
    if path.startswith(f"{SOUNDS_DIR}/"):
        return None
    return MODULE_DIALPLAN


def dialplans_source_dir() -> Path:
    return Path(settings.BASE_DIR) / "dialplans"


@dataclass(frozen=True)
class Rendered:
    """The rendered files, by path relative to the output directory: config text, and audio files."""

    files: dict[str, str]
    audio: dict[str, AudioConf] = field(default_factory=dict)

    def audio_hashes(self) -> dict[str, str]:
        return {relative: audio.sha256 for relative, audio in self.audio.items()}

    def write(self, directory: Path, *, reuse_from: Path | None = None) -> None:
        """Write every file under directory (created if needed); pjsip.conf (passwords) is not world-readable.

        Asterisk reads the files as its own user: make the node's config_dir group-owned by Asterisk's
        group with the setgid bit, so that new versions inherit the group.

        An audio file that ``reuse_from`` (the live version) already holds with the same SHA-256 is
        hard-linked from there (copied across file systems); only new audio is read from the database,
        and each is checked against its SHA-256 and Asterisk's format first (ConfigInvalid otherwise).
        Files are never changed in place, so versions may share them.
        """
        for relative, text in sorted(self.files.items()):
            path = directory / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            os.chmod(path, 0o640 if relative == PJSIP_FILE else 0o644)
        for relative, audio in sorted(self.audio.items()):
            path = directory / relative
            if not path.resolve().is_relative_to(directory.resolve()) or not is_audio(relative):
                raise ConfigInvalid([f"audio path {relative!r} is outside the rendered directory"])
            path.parent.mkdir(parents=True, exist_ok=True)
            if reuse_from is not None and _reuse(reuse_from / relative, path, audio.sha256):
                continue
            data = read_audio(audio)
            try:
                check_stored(data, audio.sha256)
            except ValueError as exc:
                raise ConfigInvalid([f"{relative}: {exc}"]) from None
            path.write_bytes(data)
            os.chmod(path, 0o644)


def _reuse(source: Path, target: Path, sha256: str) -> bool:
    """Link (or copy) ``source`` to ``target`` when it holds exactly the wanted audio."""
    try:
        if source.is_symlink() or not source.is_file() or sha256_hex(source.read_bytes()) != sha256:
            return False
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
            os.chmod(target, 0o644)
    except OSError:
        return False
    return True


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _target(kind: str, queue: str, ivr: str, extension: str) -> tuple[str, str]:
    """(context, extension) of a destination."""
    if kind == "queue":
        return f"cc-queue-{queue}", "s"
    if kind == "ivr":
        return f"cc-ivr-{ivr}", "s"
    if kind == "extension":
        return "cc-internal", extension
    return "cc-hangup", "s"


def endpoint_of(interface: str) -> str:
    """The PJSIP endpoint an interface rings, or "" for other technologies."""
    return interface[len("PJSIP/") :] if interface.startswith("PJSIP/") else ""


def _server_label(center: CenterConf) -> str:
    return center.server_name or "all"


def render_queues(center: CenterConf) -> str:
    template = load("queues.conf.tmpl")
    parts = [template("header", server=_server_label(center))]
    for queue in center.queues:
        parts.append(
            template(
                "queue",
                name=queue.name,
                strategy=queue.strategy,
                timeout=queue.timeout,
                retry=queue.retry,
                wrapuptime=queue.wrapuptime,
                maxlen=queue.maxlen,
                weight=queue.weight,
                servicelevel=queue.service_level,
                joinempty=queue.joinempty,
                leavewhenempty=queue.leavewhenempty,
                ringinuse=_yes_no(queue.ringinuse),
                announce_position=queue.announce_position,
                announce_holdtime=queue.announce_holdtime,
                announce_frequency=queue.announce_frequency,
                announce_round_seconds=queue.announce_round_seconds,
                periodic_announce_frequency=queue.periodic_announce_frequency,
                musicclass=queue.music_class,
            )
        )
        if queue.periodic_announce:
            parts.append(template("periodic_announce", prompt=queue.periodic_announce))
        if queue.callback_enabled or queue.exit_context:
            parts.append(template("exit_context", context=f"cc-queue-exit-{queue.name}"))
        for member in queue.members:
            parts.append(
                template(
                    "member",
                    interface=member.interface,
                    penalty=member.penalty,
                    member_name=member.member_name,
                )
            )
    return "".join(parts)


def render_dialplan(center: CenterConf) -> str:
    template = load("dialplan.conf.tmpl")
    parts = [template("header", server=_server_label(center)), template("inbound_head")]
    for route in center.routes:
        context, exten = _target(route.destination, route.queue, route.ivr, route.extension)
        if route.schedule:
            parts.append(
                template(
                    "route_scheduled",
                    did=route.did,
                    schedule=route.schedule,
                    closed_prompt=route.closed_prompt,
                    context=context,
                    exten=exten,
                )
            )
        else:
            parts.append(template("route", did=route.did, context=context, exten=exten))
    parts.append(template("inbound_tail"))
    parts.append(template("vip", context=VIP_CONTEXT, family=VIP_FAMILY))

    for schedule in center.schedules:
        parts.append(template("schedule_head", name=schedule.name, tz=schedule.time_zone))
        for day in sorted(schedule.holidays):
            parts.append(template("schedule_holiday", date=day.isoformat()))
        for weekday, opens, closes in sorted(schedule.rules):
            parts.append(
                template(
                    "schedule_rule",
                    opens=opens.strftime("%H:%M"),
                    closes=closes.strftime("%H:%M"),
                    weekday=WEEKDAYS[weekday],
                    tz=schedule.time_zone,
                )
            )
        parts.append(template("schedule_tail"))

    for menu in center.menus:
        last_context, last_exten = _target(
            "queue" if menu.timeout_queue else "hangup", menu.timeout_queue, "", ""
        )
        parts.append(
            template(
                "ivr",
                name=menu.name,
                greeting=menu.greeting,
                timeout=menu.timeout_s,
                max_retries=menu.max_retries,
                last_context=last_context,
                last_exten=last_exten,
                invalid_prompt=menu.invalid_prompt,
            )
        )
        for option in menu.options:
            context, exten = _target(option.destination, option.queue, option.ivr, option.extension)
            parts.append(template("ivr_option", digit=option.digit, context=context, exten=exten))

    for queue in center.queues:
        parts.append(template("queue_head", name=queue.name, vip_context=VIP_CONTEXT))
        if queue.recording == "all":
            parts.append(template("queue_record", name=queue.name))
        parts.append(
            template(
                "queue_enter",
                name=queue.name,
                options="c" if queue.survey_enabled else "",
                max_wait=queue.max_wait or "",
            )
        )
        if queue.survey_enabled:
            parts.append(template("queue_survey", name=queue.name))
        parts.append(template("queue_tail"))
        if queue.callback_enabled or queue.exit_context:
            parts.append(template("queue_exit_head", name=queue.name))
            if queue.callback_enabled:
                parts.append(template("queue_exit_callback", key=CALLBACK_KEY, name=queue.name))
            if queue.exit_context:
                parts.append(template("queue_exit_include", context=queue.exit_context))

    phones = [agent for agent in center.agents if endpoint_of(agent.interface)]
    parts.append(
        template("lookup_head", context="cc-agent-login", comment="Dynamic queues of each agent phone")
    )
    for agent in phones:
        parts.append(
            template("login_agent", endpoint=endpoint_of(agent.interface), extension=agent.extension)
        )
        for queue_name, penalty in agent.dynamic_queues:
            parts.append(
                template(
                    "login_queue",
                    queue=queue_name,
                    interface=agent.interface,
                    penalty=penalty,
                    member_name=agent.member_name,
                    state_interface=state_interface(agent.interface),
                )
            )
        parts.append(template("return"))
    parts.append(template("lookup_head", context="cc-agent-logout", comment="Log-out of the same queues"))
    for agent in phones:
        parts.append(
            template("logout_agent", endpoint=endpoint_of(agent.interface), extension=agent.extension)
        )
        for queue_name, _penalty in agent.dynamic_queues:
            parts.append(template("logout_queue", queue=queue_name, interface=agent.interface))
        parts.append(template("return"))
    parts.append(
        template("lookup_head", context="cc-agent-iface", comment="The queue interface of each phone")
    )
    for agent in phones:
        parts.append(template("lookup_return", exten=endpoint_of(agent.interface), value=agent.interface))
    parts.append(
        template("lookup_head", context="cc-pause-reasons", comment="Pause reason number to reason code")
    )
    for reason in center.pause_reasons:
        parts.append(template("lookup_return", exten=reason.number, value=reason.code))
    parts.append(
        template(
            "lookup_head", context="cc-supervisors", comment="Phones allowed to listen and whisper and barge"
        )
    )
    for supervisor in _unique_supervisors(center):
        parts.append(template("lookup_return", exten=supervisor, value="yes"))
    parts.append(
        template("lookup_head", context="cc-spy-targets", comment="Agent extension to ChanSpy channel prefix")
    )
    for agent in center.agents:
        parts.append(template("lookup_return", exten=agent.extension, value=spy_prefix(agent.interface)))

    parts.append(template("internal_head"))
    for agent in center.agents:
        parts.append(template("internal", extension=agent.extension, interface=agent.interface))
    agent_extensions = {agent.extension for agent in center.agents}
    for supervisor in _unique_supervisors(center):
        if supervisor not in agent_extensions:
            parts.append(template("internal", extension=supervisor, interface=f"PJSIP/{supervisor}"))

    parts.append(template("outbound_head"))
    default_trunks = []
    for trunk in center.trunks:
        if trunk.outbound_prefix:
            parts.append(
                template(
                    "outbound_prefix",
                    prefix=trunk.outbound_prefix,
                    trunk=trunk.name,
                    strip=len(trunk.outbound_prefix),
                    max_channels=trunk.max_channels,
                    caller_id=trunk.caller_id,
                )
            )
        else:
            default_trunks.append(trunk)
    for index, trunk in enumerate(default_trunks):
        parts.append(
            template(
                "outbound_default_first" if index == 0 else "outbound_default_next",
                trunk=trunk.name,
                max_channels=trunk.max_channels,
                caller_id=trunk.caller_id,
            )
        )
    if default_trunks:
        parts.append(template("outbound_default_tail"))
    parts.append(template("phones"))
    return "".join(parts)


def _unique_supervisors(center: CenterConf) -> list[str]:
    return sorted({supervisor.extension for supervisor in center.supervisors})


def render_pjsip(center: CenterConf) -> str:
    template = load("pjsip.conf.tmpl")
    parts = [template("header", server=_server_label(center))]
    parts.append(template("transport", protocol="udp", port=center.sip_port))
    used = {trunk.transport for trunk in center.trunks}
    if "tcp" in used:
        parts.append(template("transport", protocol="tcp", port=center.sip_port))
    if "tls" in used:
        parts.append(template("transport", protocol="tls", port=center.sip_port + 1))
        parts.append(template("transport_tls"))
    agent_endpoints = set()
    for agent in center.agents:
        endpoint = endpoint_of(agent.interface)
        if not endpoint:
            continue
        agent_endpoints.add(endpoint)
        parts.append(
            template(
                "phone",
                endpoint=endpoint,
                context="cc-phones",
                name=agent.display_name,
                extension=agent.extension,
                language=agent.language,
                secret=agent.secret,
            )
        )
    for supervisor in center.supervisors:
        if supervisor.extension in agent_endpoints:
            continue
        agent_endpoints.add(supervisor.extension)
        parts.append(
            template(
                "phone",
                endpoint=supervisor.extension,
                context="cc-supervisor-phones",
                name=f"Supervisor {supervisor.extension}",
                extension=supervisor.extension,
                language="ru",
                secret=supervisor.secret,
            )
        )
    for trunk in center.trunks:
        parts.append(template("trunk", name=trunk.name, transport=trunk.transport, codecs=trunk.codecs))
        if trunk.username:
            parts.append(template("trunk_outbound_auth", name=trunk.name))
        if trunk.from_user:
            parts.append(template("trunk_from_user", from_user=trunk.from_user))
        host = f"[{trunk.host}]" if ":" in trunk.host else trunk.host
        parts.append(template("trunk_aor", name=trunk.name, host=host, port=trunk.port, match=trunk.host))
        if trunk.username:
            parts.append(
                template(
                    "trunk_auth",
                    name=trunk.name,
                    username=trunk.username,
                    secret=trunk.secret,
                    transport=trunk.transport,
                    host=host,
                    port=trunk.port,
                )
            )
    return "".join(parts)


def render_extensions(center: CenterConf, include_root: str, dialplan_names: list[str]) -> str:
    template = load("extensions.conf.tmpl")
    root = include_root.rstrip("/")
    uploaded = {prompt.name for prompt in center.prompts}
    prompts = {key: sound_path(name, uploaded, root) for key, name in GLOBAL_PROMPTS.items()}
    parts = [
        template("header", server=_server_label(center), recordings_dir=center.recordings_dir, **prompts)
    ]
    parts.append(template("include", path=f"{root}/{GENERATED_FILE}"))
    for name in dialplan_names:
        parts.append(template("include", path=f"{root}/{DIALPLANS_DIR}/{name}"))
    return "".join(parts)


def sound_path(name: str, uploaded: set[str], include_root: str) -> str:
    """How the files name a prompt: an uploaded one by its absolute path in the rendered directory (so the
    version that is live plays, and a rollback brings the old recording back), any other by its name,
    for Asterisk to find among the node's own sounds."""
    if name in uploaded:
        return f"{include_root.rstrip('/')}/{SOUNDS_DIR}/{name}"
    return name


def with_uploaded_prompts(center: CenterConf, include_root: str) -> CenterConf:
    """The snapshot with every prompt that names an uploaded one replaced by its path (``sound_path``)."""
    uploaded = {prompt.name for prompt in center.prompts}
    if not uploaded:
        return center

    def path(name: str) -> str:
        return sound_path(name, uploaded, include_root) if name else name

    return dataclasses.replace(
        center,
        queues=[dataclasses.replace(q, periodic_announce=path(q.periodic_announce)) for q in center.queues],
        menus=[
            dataclasses.replace(m, greeting=path(m.greeting), invalid_prompt=path(m.invalid_prompt))
            for m in center.menus
        ],
        routes=[dataclasses.replace(r, closed_prompt=path(r.closed_prompt)) for r in center.routes],
    )


def moh_directory(include_root: str, class_name: str) -> str:
    return f"{include_root.rstrip('/')}/{MOH_DIR}/{class_name}"


def render_musiconhold(center: CenterConf, include_root: str) -> str:
    """One mode=files class per uploaded class that has files; a class without files is left out."""
    template = load("musiconhold.conf.tmpl")
    parts = [template("header", server=_server_label(center))]
    for moh_class in center.moh_classes:
        if moh_class.files:
            parts.append(
                template(
                    "moh_class",
                    name=moh_class.name,
                    directory=moh_directory(include_root, moh_class.name),
                    sort=moh_class.sort,
                )
            )
    return "".join(parts)


def audio_files(center: CenterConf) -> dict[str, AudioConf]:
    """The audio of the render by path: ``sounds/<prompt>.wav`` and ``moh/<class>/<file>.wav``."""
    files = {f"{SOUNDS_DIR}/{prompt.name}{AUDIO_EXTENSION}": prompt.audio for prompt in center.prompts}
    for moh_class in center.moh_classes:
        for moh_file in moh_class.files:
            files[f"{MOH_DIR}/{moh_class.name}/{moh_file.name}{AUDIO_EXTENSION}"] = moh_file.audio
    return files


def hand_written_dialplans() -> dict[str, str]:
    """The hand-written subroutines, by file name."""
    return {
        path.name: path.read_text(encoding="utf-8") for path in sorted(dialplans_source_dir().glob("*.conf"))
    }


def render_center(center: CenterConf, include_root: str) -> Rendered:
    """Validate every value of the snapshot, then render all files; raises ConfigInvalid and changes nothing."""
    errors = validate_center(center)
    if errors:
        raise ConfigInvalid(errors)
    try:
        validate_abs_path(include_root)
    except ValidationError as exc:
        raise ConfigInvalid([f"include root: {'; '.join(exc.messages)}"]) from None
    dialplans = hand_written_dialplans()
    playing = with_uploaded_prompts(center, include_root)
    files = {
        QUEUES_FILE: render_queues(playing),
        PJSIP_FILE: render_pjsip(center),
        GENERATED_FILE: render_dialplan(playing),
        EXTENSIONS_FILE: render_extensions(center, include_root, sorted(dialplans)),
        MUSICONHOLD_FILE: render_musiconhold(center, include_root),
    }
    for name, text in dialplans.items():
        files[f"{DIALPLANS_DIR}/{name}"] = text
    return Rendered(files, audio_files(center))
