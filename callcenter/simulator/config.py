"""Readers for the two Asterisk files the simulator needs: queues.conf and manager.conf.

Same syntax as Asterisk's config parser for what these files use: ``[section]``, templates ``[name](!)``,
inheritance ``[name](tmpl1,tmpl2)``, ``key = value`` and ``key => value``, ``;`` comments (``\\;`` escapes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

STRATEGIES = ("ringall", "leastrecent", "fewestcalls", "random", "rrmemory", "rrordered", "linear", "wrandom")
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


def _truthy(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in ("yes", "true", "y", "t", "1", "on")


_EMPTY_WORDS = {"paused", "penalty", "inuse", "ringing", "unavailable", "invalid", "unknown", "wrapup"}


_TRUE = ("yes", "true", "y", "t", "1", "on")
_FALSE = ("no", "false", "n", "f", "0", "off")


def parse_empty_options(value: str | None, *, joinempty: bool) -> frozenset[str]:
    """joinempty / leavewhenempty as app_queue's parse_empty_options reads them.

    The conditions returned rule members out; the queue counts as empty when no member is left.
    ``joinempty = no`` and ``leavewhenempty = yes`` mean penalty,invalid,paused; ``strict`` adds unavailable.
    """
    conditions: set[str] = set()
    for word in (part.strip().lower() for part in (value or "").split(",")):
        if not word:
            continue
        if word in _EMPTY_WORDS:
            conditions.add(word)
        elif word == "loose":
            conditions = {"penalty", "invalid"}
        elif word == "strict":
            conditions = {"penalty", "invalid", "paused", "unavailable"}
        elif (word in _FALSE and joinempty) or (word in _TRUE and not joinempty):
            conditions = {"penalty", "invalid", "paused"}
        elif word in _FALSE or word in _TRUE:
            conditions = set()
        else:
            raise ConfigError(f"unknown empty option {word!r}")
    return frozenset(conditions)


@dataclass
class MemberConfig:
    """A static ``member => interface,penalty,membername,stateinterface`` line."""

    interface: str
    penalty: int = 0
    name: str = ""
    state_interface: str = ""


@dataclass
class QueueConfig:
    """The settings of one queue the engine honours."""

    name: str
    strategy: str = "ringall"
    timeout: int = 15
    retry: int = 5
    wrapuptime: int = 0
    maxlen: int = 0
    servicelevel: int = 0
    weight: int = 0
    ringinuse: bool = True
    joinempty: frozenset[str] = frozenset()
    leavewhenempty: frozenset[str] = frozenset()
    musicclass: str = "default"
    context: str = ""
    setinterfacevar: bool = False
    setqueueentryvar: bool = False
    setqueuevar: bool = False
    shared_lastcall: bool = True  # [general]: a member's last call and call count shared by its queues
    members: list[MemberConfig] = field(default_factory=list)


def _int(section: Section, key: str, default: int) -> int:
    value = section.get(key)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"[{section.name}] {key} = {value!r} is not a number") from exc


def parse_queues_conf(text: str, *, filename: str = "queues.conf") -> list[QueueConfig]:
    """Queues in file order, with templates applied; ``[general]`` is skipped."""
    queues: list[QueueConfig] = []
    sections = parse_conf(text, filename=filename)
    general = next((section for section in sections if section.name.lower() == "general"), None)
    # app_queue's default for shared_lastcall is yes.
    shared_lastcall = _truthy(general.get("shared_lastcall") if general else None, default=True)
    for section in sections:
        if section.name.lower() == "general":
            continue
        strategy = (section.get("strategy") or "ringall").lower()
        if strategy == "roundrobin":
            strategy = "rrmemory"
        if strategy not in STRATEGIES:
            raise ConfigError(f"[{section.name}] unknown strategy {strategy!r}")
        members = []
        for line in section.get_all("member"):
            parts = [part.strip() for part in line.split(",")]
            members.append(
                MemberConfig(
                    interface=parts[0],
                    penalty=int(parts[1]) if len(parts) > 1 and parts[1] else 0,
                    name=parts[2] if len(parts) > 2 and parts[2] else parts[0],
                    state_interface=parts[3] if len(parts) > 3 and parts[3] else parts[0],
                )
            )
        queues.append(
            QueueConfig(
                name=section.name,
                strategy=strategy,
                timeout=_int(section, "timeout", 15),
                retry=_int(section, "retry", 5),
                wrapuptime=_int(section, "wrapuptime", 0),
                maxlen=_int(section, "maxlen", 0),
                servicelevel=_int(section, "servicelevel", 0),
                weight=_int(section, "weight", 0),
                ringinuse=_truthy(section.get("ringinuse"), default=True),
                joinempty=parse_empty_options(section.get("joinempty"), joinempty=True),
                leavewhenempty=parse_empty_options(section.get("leavewhenempty"), joinempty=False),
                musicclass=section.get("musicclass") or section.get("musiconhold") or "default",
                context=section.get("context") or "",
                setinterfacevar=_truthy(section.get("setinterfacevar")),
                setqueueentryvar=_truthy(section.get("setqueueentryvar")),
                setqueuevar=_truthy(section.get("setqueuevar")),
                shared_lastcall=shared_lastcall,
                members=members,
            )
        )
    return queues


@dataclass
class ManagerUser:
    """One AMI account from manager.conf."""

    username: str
    secret: str


def parse_manager_conf(text: str, *, filename: str = "manager.conf") -> list[ManagerUser]:
    """AMI users (every section but ``[general]`` that has a secret)."""
    users = []
    for section in parse_conf(text, filename=filename):
        if section.name.lower() == "general":
            continue
        secret = section.get("secret")
        if secret is not None:
            users.append(ManagerUser(username=section.name, secret=secret))
    return users


def load_queues(config_dir: Path) -> list[QueueConfig]:
    path = config_dir / "queues.conf"
    return parse_queues_conf(path.read_text(encoding="utf-8"), filename=str(path))


def load_manager_users(config_dir: Path) -> list[ManagerUser]:
    path = config_dir / "manager.conf"
    if not path.exists():
        return []
    return parse_manager_conf(path.read_text(encoding="utf-8"), filename=str(path))
