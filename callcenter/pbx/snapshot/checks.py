"""Every problem that stops a snapshot from rendering: bad values, dangling names, clashes."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError

from callcenter.core.validators import validate_extension
from callcenter.pbx.snapshot.conf.center import CenterConf
from callcenter.pbx.snapshot.field_checker import FieldChecker
from callcenter.pbx.snapshot.fields import FIELD_SOURCES, MAY_BE_EMPTY

TIME_ZONE_RE = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*")
CODEC_RE = re.compile(r"[a-z0-9_]{2,16}")
SHA256_RE = re.compile(r"[0-9a-f]{64}")
# The node's own music on hold class (the Asterisk image's musiconhold.conf), never rendered.
NODE_MOH_CLASS = "default"


def validate_center(center: CenterConf) -> list[str]:
    """Every problem that stops this snapshot from rendering, as readable messages (empty: fine)."""
    checker = FieldChecker()
    errors: list[str] = []

    def check_object(obj: Any, where: str) -> None:
        for attr, (label, name) in FIELD_SOURCES[type(obj)].items():
            value = getattr(obj, attr)
            if value == "" and attr in MAY_BE_EMPTY:
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
