"""CPU per process (from /proc) and of Redis, sampled over windows of the measured run."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.scale.redis_state import redis_cpu

WINDOW_S = 5.0
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process (all its threads), from /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


@dataclass
class CpuSampler:
    """CPU per process over WINDOW_S windows, plus the machine's load average and Redis' own CPU."""

    pids: dict[str, int]
    windows: dict[str, list[float]] = field(default_factory=dict)
    totals: dict[str, float] = field(default_factory=dict)
    load: list[float] = field(default_factory=list)
    wall: float = 0.0

    async def run(self, stop: asyncio.Event) -> None:
        first = last = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
        first_redis = last_redis = await asyncio.to_thread(redis_cpu)
        started = previous = time.monotonic()
        self.load.append(os.getloadavg()[0])
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), WINDOW_S)
            now = time.monotonic()
            sample = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
            current_redis = await asyncio.to_thread(redis_cpu)
            span = now - previous
            if span >= WINDOW_S / 2:  # a last stub window would only add noise to the peak
                for name, value in sample.items():
                    before = last.get(name)
                    if value is not None and before is not None:
                        self.windows.setdefault(name, []).append((value - before) / span)
                self.windows.setdefault("redis-server", []).append((current_redis - last_redis) / span)
            self.load.append(os.getloadavg()[0])
            last, last_redis, previous = sample, current_redis, now
        self.wall = time.monotonic() - started
        for name, value in last.items():
            before = first.get(name)
            if value is not None and before is not None:
                self.totals[name] = (value - before) / self.wall
        self.totals["redis-server"] = (last_redis - first_redis) / self.wall
