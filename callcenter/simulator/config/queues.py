"""queues.conf: the queues, their options and static members, as app_queue reads them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from callcenter.simulator.config.conf_file import ConfigError, Section, parse_conf

STRATEGIES = ("ringall", "leastrecent", "fewestcalls", "random", "rrmemory", "rrordered", "linear", "wrandom")


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


def load_queues(config_dir: Path) -> list[QueueConfig]:
    path = config_dir / "queues.conf"
    return parse_queues_conf(path.read_text(encoding="utf-8"), filename=str(path))
