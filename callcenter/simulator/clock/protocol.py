"""The clock interface the engine runs on: center time and waits scheduled in center seconds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class TimerHandle(Protocol):
    """Something that can be cancelled before it fires."""

    def cancel(self) -> None: ...


class Clock(Protocol):
    """Where the engine reads center time and schedules its waits (in center seconds)."""

    def now(self) -> float: ...

    def call_later(self, delay: float, callback: Callable[[], None]) -> TimerHandle: ...
