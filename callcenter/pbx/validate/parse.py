"""Reading a configuration file the way Asterisk does: sections, options, ``#include``, and argument syntax."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_SECTION_RE = re.compile(r"^\[([^\[\]]+)\](\([^()]*\))?$")

_OPTION_RE = re.compile(r"^([A-Za-z0-9_-]+)\s*(=>|=)\s*(.*)$")

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

_INCLUDE_RE = re.compile(r'^#include\s+"?([^"]+)"?$')

_TRYINCLUDE_RE = re.compile(r'^#tryinclude\s+"?([^"]+)"?$')


@dataclass(slots=True)
class Line:
    """One meaningful line of a config file."""

    file: str
    number: int
    text: str


@dataclass
class Section:
    """A [section] with its lines, in order."""

    name: str
    file: str
    number: int
    options: list[tuple[str, str, Line]] = field(default_factory=list)

    def get(self, key: str) -> list[str]:
        return [value for name, value, _line in self.options if name == key]


@dataclass
class Report:
    """What the check found."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _strip_comment(raw: str) -> str:
    # ";" starts a comment unless escaped; the rendered files never escape one.
    position = 0
    while True:
        index = raw.find(";", position)
        if index == -1:
            return raw.strip()
        if index > 0 and raw[index - 1] == "\\":
            position = index + 1
            continue
        return raw[:index].strip()


def parse_config(
    root: Path, relative: str, report: Report, include_map: tuple[str, Path] | None = None
) -> list[Section]:
    """The sections of a config file, following #include (absolute paths under include_map[0] map to [1])."""
    sections: list[Section] = []
    lines: list[Line] = []
    _read_lines(root, root / relative, relative, report, include_map, 0, lines)
    section_match = _SECTION_RE.match
    option_match = _OPTION_RE.match
    for line in lines:
        if line.text[0] == "[":
            header = section_match(line.text)
            if header:
                sections.append(Section(header.group(1), line.file, line.number))
                continue
        option = option_match(line.text)
        if option is None:
            report.errors.append(
                f"{line.file}:{line.number}: not a section, option or directive: {line.text!r}"
            )
            continue
        if not sections:
            report.errors.append(f"{line.file}:{line.number}: option outside any section")
            continue
        sections[-1].options.append((option.group(1), option.group(3).strip(), line))
    return sections


def _read_lines(
    root: Path,
    path: Path,
    label: str,
    report: Report,
    include_map: tuple[str, Path] | None,
    depth: int,
    into: list[Line],
) -> None:
    if depth > 5:
        report.errors.append(f"{label}: #include nested too deeply")
        return
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        report.errors.append(f"{label}: cannot read: {exc}")
        return
    has_control = _CONTROL_RE.search(text) is not None
    for number, raw in enumerate(text.split("\n"), start=1):
        if has_control and _CONTROL_RE.search(raw):
            report.errors.append(f"{label}:{number}: control character in line")
            continue
        stripped = _strip_comment(raw) if ";" in raw else raw.strip()
        if not stripped:
            continue
        if stripped[0] == "#":
            optional = _TRYINCLUDE_RE.match(stripped)
            if optional is not None:
                # A node-local file (e.g. NAT addresses) that the deployment may or may not provide:
                # Asterisk skips it when absent, so it is only followed when it lies inside the directory.
                found, target_label = _resolve_include(root, optional.group(1), include_map)
                if found is not None and found.exists():
                    _read_lines(root, found, target_label, report, include_map, depth + 1, into)
                continue
            include = _INCLUDE_RE.match(stripped)
            if include is None:
                report.errors.append(f"{label}:{number}: unknown directive {stripped!r}")
                continue
            resolved, target_label = _resolve_include(root, include.group(1), include_map)
            if resolved is None:
                report.errors.append(
                    f"{label}:{number}: #include {include.group(1)} is outside the checked directory"
                )
                continue
            _read_lines(root, resolved, target_label, report, include_map, depth + 1, into)
            continue
        into.append(Line(label, number, stripped))


def _resolve_include(
    root: Path, target: str, include_map: tuple[str, Path] | None
) -> tuple[Path | None, str]:
    if include_map is not None:
        prefix = include_map[0].rstrip("/") + "/"
        if target.startswith(prefix):
            relative = target[len(prefix) :]
            return include_map[1] / relative, relative
    if not target.startswith("/"):
        return root / target, target
    return None, target


def split_args(data: str) -> list[str]:
    """Split application arguments at top-level commas, as Asterisk does (parentheses and quotes nest)."""
    args: list[str] = []
    depth = 0
    quoted = False
    current: list[str] = []
    index = 0
    while index < len(data):
        char = data[index]
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "([{":
            depth += 1
        elif not quoted and char in ")]}":
            depth -= 1
        if char == "," and depth == 0 and not quoted:
            args.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    args.append("".join(current))
    return args


def balanced(data: str) -> bool:
    depth = 0
    for char in data:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and data.count('"') % 2 == 0
