"""The manual clock: center time that moves only when a test or a benchmark steps it."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable

from callcenter.simulator.clock.protocol import TimerHandle


class _ManualTimer:
    """One scheduled callback of a ManualClock."""

    __slots__ = ("callback", "cancelled", "when")

    def __init__(self, when: float, callback: Callable[[], None]) -> None:
        self.when = when
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class ManualClock:
    """A clock that only moves when told to: tests step it, benchmarks run it as fast as the CPU allows."""

    def __init__(self, epoch: float = 1_795_355_835.0) -> None:
        self._now = epoch
        self._heap: list[tuple[float, int, _ManualTimer]] = []
        self._seq = itertools.count()

    def now(self) -> float:
        return self._now

    def call_later(self, delay: float, callback: Callable[[], None]) -> TimerHandle:
        timer = _ManualTimer(self._now + max(0.0, delay), callback)
        heapq.heappush(self._heap, (timer.when, next(self._seq), timer))
        return timer

    def next_due(self) -> float | None:
        """The center time of the next pending timer, or None when nothing is scheduled."""
        while self._heap and self._heap[0][2].cancelled:
            heapq.heappop(self._heap)
        return self._heap[0][0] if self._heap else None

    def advance(self, seconds: float) -> int:
        """Move center time forward, firing every timer that falls due on the way; returns how many fired."""
        return self.run_until(self._now + seconds)

    def run_until(self, target: float, *, max_callbacks: int | None = None) -> int:
        fired = 0
        while self._heap and self._heap[0][0] <= target:
            when, _, timer = heapq.heappop(self._heap)
            if timer.cancelled:
                continue
            self._now = max(self._now, when)
            timer.callback()
            fired += 1
            if max_callbacks is not None and fired >= max_callbacks:
                return fired
        self._now = max(self._now, target)
        return fired
