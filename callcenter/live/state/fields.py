"""Reading AMI header values: numbers and clock durations, tolerant of empty or malformed text."""

from __future__ import annotations


def to_int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def to_float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def clock(seconds: str | None) -> float:
    """``00:01:02`` (CoreShowChannel Duration) -> 62.0."""
    total = 0.0
    for part in (seconds or "").split(":"):
        total = total * 60 + (to_float(part) or 0.0)
    return total
