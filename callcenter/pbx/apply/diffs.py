"""What changed between two rendered versions, as stored (secrets masked), and what to reload for it."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from callcenter.pbx.audio import sha256_hex
from callcenter.pbx.render import (
    AUDIO_DIRS,
    MODULE_DIALPLAN,
    MODULE_MOH,
    MODULE_PJSIP,
    MODULE_QUEUES,
    MUSICONHOLD_FILE,
    QUEUES_FILE,
    is_audio,
    module_for,
)
from callcenter.pbx.validate import Report, check_queues, parse_config

# Reload order: endpoints first (a queue member may ring a new phone), then the music on hold classes
# queues name, then queues, then the dialplan that sends callers into them.
MODULE_ORDER = (MODULE_PJSIP, MODULE_MOH, MODULE_QUEUES, MODULE_DIALPLAN)

_SECRET_LINE = re.compile(r"^([+\- ]?\s*password\s*=\s*).*$", re.MULTILINE)


def mask_secrets(text: str) -> str:
    """The diff as stored and shown: password lines never leave the node's directory."""
    return _SECRET_LINE.sub(lambda match: match.group(1) + "********", text)


def read_tree(directory: Path | None) -> dict[str, str]:
    """The config files of a rendered directory, as text (the audio under sounds/ and moh/ left out)."""
    if directory is None or not directory.is_dir():
        return {}
    files = {}
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory).as_posix()
        if path.is_file() and not is_audio(relative):
            files[relative] = path.read_text(encoding="utf-8")
    return files


def audio_tree(directory: Path | None) -> dict[str, str]:
    """The audio files of a rendered directory: path -> SHA-256."""
    if directory is None or not directory.is_dir():
        return {}
    hashes = {}
    for top in AUDIO_DIRS:
        for path in sorted((directory / top).rglob("*")):
            if path.is_file():
                hashes[path.relative_to(directory).as_posix()] = sha256_hex(path.read_bytes())
    return hashes


def diff_audio(old: dict[str, str], new: dict[str, str]) -> tuple[list[str], str]:
    """(changed audio paths, one line each saying how, by SHA-256) for the stored diff."""
    changed = sorted(path for path in old.keys() | new.keys() if old.get(path) != new.get(path))
    lines = []
    for path in changed:
        before, after = old.get(path), new.get(path)
        if before is None:
            lines.append(f"Audio new/{path}: added (sha256 {after})\n")
        elif after is None:
            lines.append(f"Audio live/{path}: removed (sha256 {before})\n")
        else:
            lines.append(f"Audio new/{path}: replaced (sha256 {before} -> {after})\n")
    return changed, "".join(lines)


def diff_versions(
    old_dir: Path | None, new_files: dict[str, str], new_audio: dict[str, str]
) -> tuple[list[str], str]:
    """Changed paths (config and audio) and the stored diff between a kept version and a new render."""
    changed, diff = diff_trees(read_tree(old_dir), new_files)
    audio_changed, audio_diff = diff_audio(audio_tree(old_dir), new_audio)
    return sorted(changed + audio_changed), diff + audio_diff


def diff_trees(old: dict[str, str], new: dict[str, str]) -> tuple[list[str], str]:
    """(changed paths, unified diff with secrets masked)."""
    changed = sorted(path for path in old.keys() | new.keys() if old.get(path) != new.get(path))
    chunks: list[str] = []
    for path in changed:
        chunks.extend(
            difflib.unified_diff(
                old.get(path, "").splitlines(keepends=True),
                new.get(path, "").splitlines(keepends=True),
                fromfile=f"live/{path}",
                tofile=f"new/{path}",
            )
        )
    return changed, mask_secrets("".join(chunks))


def modules_to_reload(changed: list[str]) -> list[str]:
    wanted = {module_for(path) for path in changed} - {None}
    return [module for module in MODULE_ORDER if module in wanted]


def expected_moh_files(directory: Path) -> dict[str, int]:
    """Class -> number of files, as the version's musiconhold.conf and its moh/ directories say."""
    report = Report()
    if not (directory / MUSICONHOLD_FILE).exists():
        return {}
    expected = {}
    for section in parse_config(directory, MUSICONHOLD_FILE, report):
        if section.name.lower() == "general":
            continue
        folder = directory / "moh" / section.name
        expected[section.name] = len([p for p in folder.iterdir() if p.is_file()]) if folder.is_dir() else 0
    return expected


def expected_strategies(directory: Path) -> dict[str, str]:
    """Queue name -> strategy, as the version's queues.conf says."""
    report = Report()
    queues = check_queues(parse_config(directory, QUEUES_FILE, report), report)
    return {name: section.get("strategy")[0] for name, section in queues.items() if section.get("strategy")}
