"""Best-of-N wall-clock timing for the benchmarks."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def best_of(rounds: int, run: Callable[[], T], *, collect: bool = False) -> tuple[float, T]:
    """The shortest wall time, in seconds, of ``rounds`` calls of ``run``, and what the last call returned.
    ``collect``: a full garbage collection before each call, so none lands inside a measured one."""
    if rounds < 1:
        raise ValueError("rounds must be at least 1")

    def once() -> tuple[float, T]:
        if collect:
            gc.collect()
        started = time.perf_counter()
        value = run()
        return time.perf_counter() - started, value

    runs = [once() for _ in range(rounds)]
    return min(seconds for seconds, _ in runs), runs[-1][1]
