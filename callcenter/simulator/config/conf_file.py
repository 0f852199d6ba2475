"""Asterisk's .conf syntax, as far as queues.conf and manager.conf use it.

``[section]``, templates ``[name](!)``, inheritance ``[name](tmpl1,tmpl2)``, ``key = value`` and
``key => value``, ``;`` comments (``\\;`` escapes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SECTION = re.compile(r"^\[(?P<name>[^\]]+)\]\s*(?:\((?P<opts>[^)]*)\))?\s*$")


class ConfigError(ValueError):
    """A configuration file the simulator cannot use, with the file and line that is wrong."""


@dataclass
class Section:
    """One ``[section]`` with its settings in file order (duplicates such as ``member`` kept)."""

    name: str
    is_template: bool = False
    items: list[tuple[str, str]] = field(default_factory=list)

    def get(self, key: str, default: str | None = None) -> str | None:
        found = default
        for name, value in self.items:
            if name == key:
                found = value
        return found

    def get_all(self, key: str) -> list[str]:
        return [value for name, value in self.items if name == key]


def _strip_comment(line: str) -> str:
    out: list[str] = []
    escaped = False
    for char in line:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ";":
            break
        else:
            out.append(char)
    return "".join(out).strip()


def parse_conf(text: str, *, filename: str = "<config>") -> list[Section]:
    """Parse Asterisk config text into sections, resolving template inheritance; templates are dropped."""
    sections: dict[str, Section] = {}
    order: list[str] = []
    current: Section | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw)
        if not line:
            continue
        match = _SECTION.match(line)
        if match:
            name = match.group("name").strip()
            options = [opt.strip() for opt in (match.group("opts") or "").split(",") if opt.strip()]
            current = Section(name=name, is_template="!" in options)
            for parent in (opt for opt in options if opt not in ("!", "+")):
                if parent not in sections:
                    raise ConfigError(f"{filename}:{number}: unknown template {parent!r}")
                current.items.extend(sections[parent].items)
            if name in sections and "+" in options:
                current = sections[name]
            else:
                sections[name] = current
                if name in order:
                    order.remove(name)
                order.append(name)
            continue
        if current is None:
            raise ConfigError(f"{filename}:{number}: setting outside a section")
        key, sep, value = line.partition("=")
        if not sep:
            raise ConfigError(f"{filename}:{number}: expected 'key = value'")
        value = value[1:] if value.startswith(">") else value
        current.items.append((key.strip().lower(), value.strip()))
    return [sections[name] for name in order if not sections[name].is_template]
