"""A campaign's default retry rules and call windows, and how a window bound is read."""

from __future__ import annotations

import datetime as dt
from typing import Any

# The outcomes a campaign can retry, with the default delay (minutes) and maximum attempts.
RETRYABLE_OUTCOMES: dict[str, dict[str, int]] = {
    "busy": {"delay_min": 10, "max": 5},
    "no_answer": {"delay_min": 60, "max": 5},
    "congestion": {"delay_min": 5, "max": 5},
    "machine": {"delay_min": 240, "max": 3},
    "failed": {"delay_min": 60, "max": 2},
    "disposition": {"delay_min": 1440, "max": 3},
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def default_retry_rules() -> dict[str, dict[str, int]]:
    return {outcome: dict(rule) for outcome, rule in RETRYABLE_OUTCOMES.items()}


def default_call_windows() -> dict[str, list[list[str]]]:
    return {day: [["09:00", "21:00"]] for day in WEEKDAYS}


def parse_hhmm(value: Any) -> dt.time:
    """A window bound such as "09:00"; "24:00" is the end of the day."""
    if not isinstance(value, str):
        raise ValueError(value)
    if value == "24:00":
        return dt.time.max
    return dt.time.fromisoformat(value)
