"""Checking a whole rendered configuration directory, file by file and across files."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path

from callcenter.pbx.validate.configs import NODE_MOH_CLASSES, check_musiconhold, check_pjsip, check_queues
from callcenter.pbx.validate.dialplan import check_dialplan, parse_dialplan
from callcenter.pbx.validate.parse import Report, parse_config
from callcenter.pbx.validate.sounds import Sounds, sounds_in


def check_directory(
    directory: Path,
    *,
    include_root: str | None = None,
    sounds_dir: Path | None = None,
    external_contexts: set[str] | None = None,
) -> Report:
    """Check a rendered configuration directory; include_root is the absolute path its #include lines use."""
    with _gc_paused():
        return _check_directory(directory, include_root, sounds_dir, external_contexts)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    # Parsing a large center builds a few hundred thousand small acyclic objects; the generational
    # collections they trigger cost more than the parse itself, and none of them would free anything.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_directory(
    directory: Path, include_root: str | None, sounds_dir: Path | None, external_contexts: set[str] | None
) -> Report:
    report = Report()
    include_map = (include_root, directory) if include_root else None
    queue_sections = parse_config(directory, "queues.conf", report, include_map)
    queues = check_queues(queue_sections, report)
    extension_sections = parse_config(directory, "extensions.conf", report, include_map)
    dialplan = parse_dialplan(extension_sections, report)
    pjsip_sections = parse_config(directory, "pjsip.conf", report, include_map)
    sounds = Sounds(sounds_in(sounds_dir) if sounds_dir is not None else None, include_root, directory)
    external = external_contexts or set()
    check_dialplan(dialplan, report, set(queues), sounds, external)
    moh_classes = set(NODE_MOH_CLASSES)
    if (directory / "musiconhold.conf").exists():
        moh_sections = parse_config(directory, "musiconhold.conf", report, include_map)
        moh_classes |= check_musiconhold(moh_sections, report, include_root, directory)
    for section in (section for section in extension_sections if section.name == "globals"):
        for key, value, line in section.options:
            if key.endswith("_PROMPT") or key in ("CC_SURVEY_THANKS", "CC_CALLBACK_OK"):
                problem = sounds.problem(value)
                if problem is not None:
                    report.errors.append(f"{line.file}:{line.number}: {key}: {problem}")
    endpoints = check_pjsip(pjsip_sections, report, dialplan, external)
    for name, section in queues.items():
        for context in section.get("context"):
            if context not in dialplan.contexts:
                report.errors.append(f"queues.conf: queue {name} exit context {context!r} does not exist")
        for member in section.get("member"):
            interface = member.split(",")[0]
            if interface.startswith("PJSIP/") and interface[len("PJSIP/") :] not in endpoints:
                report.errors.append(f"queues.conf: member {interface} of {name} has no PJSIP endpoint")
        for prompt in section.get("periodic-announce"):
            problem = sounds.problem(prompt)
            if problem is not None:
                report.errors.append(f"queues.conf: queue {name}: {problem}")
        for music in section.get("musicclass"):
            if music.lower() not in {known.lower() for known in moh_classes}:
                report.errors.append(
                    f"queues.conf: queue {name} music on hold class {music!r} is not in musiconhold.conf"
                )
    return report
