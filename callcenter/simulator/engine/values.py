"""Values read and written as Asterisk does: caller ids, whole seconds, numbers from channel variables."""

from __future__ import annotations

import re

from callcenter.simulator.channels import UNKNOWN


def parse_callerid(value: str) -> tuple[str, str]:
    """``"Customer One" <5550001>`` -> (number, name)."""
    value = value.strip()
    match = re.match(r'^\s*"?(?P<name>[^"<]*)"?\s*<(?P<num>[^>]*)>\s*$', value)
    if match:
        return match.group("num").strip() or UNKNOWN, match.group("name").strip() or UNKNOWN
    return (value or UNKNOWN), UNKNOWN


def seconds_between(start: float, end: float) -> int:
    """Whole seconds as Asterisk counts them: the difference of two time(NULL) readings."""
    return int(end) - int(start)


def parse_float(value: str, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default
