"""cProfile of a benchmark process over the measured run only, in CPU time."""

from __future__ import annotations

import time
from pathlib import Path


class CpuProfile:
    """cProfile over the measured run only (``--profile-bridge``, ``--profile-web``), in CPU time: the
    process mostly waits, and waiting is not where its CPU goes."""

    def __init__(self, out: Path) -> None:
        import cProfile

        self.out = out
        self.profiler = cProfile.Profile(time.process_time)

    def start(self) -> None:
        self.profiler.enable()

    def write(self) -> None:
        import io
        import pstats

        self.profiler.disable()
        self.profiler.dump_stats(str(self.out.with_suffix(".prof")))
        text = io.StringIO()
        stats = pstats.Stats(self.profiler, stream=text)
        stats.sort_stats("tottime").print_stats(45)
        stats.sort_stats("cumulative").print_stats(60)
        self.out.write_text(text.getvalue(), encoding="utf-8")
