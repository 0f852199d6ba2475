"""Where an inbound call goes: business-hours schedules, IVR menus and their keys, DID routes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time


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
