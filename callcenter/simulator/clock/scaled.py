"""The live clock: center time running a set number of times faster than the event loop's."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from callcenter.simulator.clock.protocol import TimerHandle


class ScaledClock:
    """Center time runs ``speed`` times faster than the event loop's clock."""

    def __init__(self, speed: float = 1.0, *, epoch: float | None = None) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self._epoch = time.time() if epoch is None else epoch
        self._origin = time.monotonic()

    def now(self) -> float:
        return self._epoch + (time.monotonic() - self._origin) * self.speed

    def call_later(self, delay: float, callback: Callable[[], None]) -> TimerHandle:
        loop = asyncio.get_running_loop()
        return loop.call_later(max(0.0, delay) / self.speed, callback)
