"""Reconnect delays: exponential back-off with full jitter."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Exponential back-off with full jitter: each delay is uniform in [0, current], which then doubles."""

    initial: float
    maximum: float
    current: float = field(init=False)

    def __post_init__(self) -> None:
        self.current = self.initial

    def reset(self) -> None:
        """Start over from the initial delay (after a successful connect)."""
        self.current = self.initial

    def next_delay(self) -> float:
        """The delay to wait before the next attempt."""
        delay = random.uniform(0, self.current)  # noqa: S311 - jitter, not cryptography
        self.current = min(self.current * 2, self.maximum)
        return delay
