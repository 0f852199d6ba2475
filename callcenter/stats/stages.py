"""Where a queue_log load spends its time: seconds per stage, summed over batches and connections.

The loader and the assembly record each stage as they run it (two clock readings per statement, nothing
per line) into the StageTimes the running thread records into (``recording``); a load's are on its
LoadResult, and the statistics benchmark prints them (docs/performance.md). The reader thread, the
storing connection and the assembling connection run at the same time, so the stages add up to more
than the wall-clock time of a pipelined load.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

# The stages, in the order a line goes through them (the order the benchmark prints them in).
READ = "read: find lines, check, hash (reader thread)"
STAGING = "store: staging table, line ids"
COPY = "store: COPY into the staging table"
INSERT = "store: split, check and INSERT the lines"
REFUSED = "store: lines left to parse_line"
POSITION = "store: lock, position, commit"
WAIT_READER = "store: waiting for the reader"
WAIT_ASSEMBLER = "store: waiting for the assembler"
STATISTICS = "statistics refresh"
SPANS = "assemble: calls spanning batches, callback turns"
CALLS = "assemble: new calls"
MISSED = "assemble: missed rings"
PAUSES = "assemble: pauses"
SESSIONS = "assemble: sessions"
MARK = "assemble: mark, commit"
RELINK = "link names to configured queues and agents"
ORDER = (
    READ,
    STAGING,
    COPY,
    INSERT,
    REFUSED,
    POSITION,
    WAIT_READER,
    WAIT_ASSEMBLER,
    STATISTICS,
    SPANS,
    CALLS,
    MISSED,
    PAUSES,
    SESSIONS,
    MARK,
    RELINK,
)


class StageTimes:
    """Seconds per stage; safe to add to from the reader, storing and assembling threads at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seconds: dict[str, float] = {}

    def add(self, stage: str, seconds: float) -> None:
        with self._lock:
            self._seconds[stage] = self._seconds.get(stage, 0.0) + seconds

    def merge(self, other: StageTimes) -> None:
        for stage, seconds in other.seconds().items():
            self.add(stage, seconds)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(stage, time.perf_counter() - started)

    def seconds(self) -> dict[str, float]:
        """A copy of the totals, in the order of ORDER (stages never run are left out)."""
        with self._lock:
            known = [(stage, self._seconds[stage]) for stage in ORDER if stage in self._seconds]
            other = sorted((stage, value) for stage, value in self._seconds.items() if stage not in ORDER)
        return dict(known + other)


_current = threading.local()


@contextmanager
def recording(times: StageTimes) -> Iterator[StageTimes]:
    """Record the stages this thread runs into ``times`` (until the block ends)."""
    previous: StageTimes | None = getattr(_current, "times", None)
    _current.times = times
    try:
        yield times
    finally:
        _current.times = previous


def current() -> StageTimes | None:
    """What this thread records into, to hand to the threads it starts."""
    times: StageTimes | None = getattr(_current, "times", None)
    return times


def add(stage: str, seconds: float) -> None:
    """Add to a stage of what this thread is recording into (nothing if it records nowhere)."""
    times: StageTimes | None = getattr(_current, "times", None)
    if times is not None:
        times.add(stage, seconds)


@contextmanager
def timed(stage: str) -> Iterator[None]:
    """Time a stage into what this thread is recording into (nothing if it records nowhere)."""
    times: StageTimes | None = getattr(_current, "times", None)
    if times is None:
        yield
        return
    with times.timed(stage):
        yield
