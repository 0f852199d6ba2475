"""Statistics benchmark: load a month of queue_log into PostgreSQL, then time the daily and monthly reports.

The month comes from benchmarks.queue_log_gen (500 agents, 10 queues, the simulator's hour-of-day
profile and shares). It is cached under benchmarks/out/. The benchmark works in a database of its own
on the server DATABASE_URL names (``cc_bench_reports``, or BENCH_DATABASE), which it creates and
migrates itself. Rows are stored as server ``bench`` and removed at the end unless --keep is given.
Besides the load's rate it prints the CPU its backends and its own process used (comparable across
runs on a busy machine, unlike the wall time) and the seconds of each stage (callcenter.stats.stages).

    cd /work/main && DJANGO_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/x \
        .venv/bin/python -m benchmarks.reports [--lines N]
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import django

from benchmarks.database import prepare, use_own_database

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")
BENCH_DATABASE = use_own_database("cc_bench_reports")
django.setup()

from django.db import connection  # noqa: E402

from benchmarks.queue_log_gen import CenterShape, write  # noqa: E402
from benchmarks.timing import best_of  # noqa: E402
from callcenter.stats import reports  # noqa: E402
from callcenter.stats.loader import DEFAULT_BATCH_LINES, DEFAULT_COMMIT_INTERVAL_S, load_file  # noqa: E402
from callcenter.stats.models import (  # noqa: E402
    AgentSession,
    Call,
    Pause,
)
from callcenter.stats.stages import StageTimes  # noqa: E402

SERVER = "bench"


def _clean() -> None:
    # Plain SQL: the ORM's delete() of the lines would first fetch all ten million of them to cascade
    # to RingNoAnswer (deleted here before them).
    with connection.cursor() as cursor:
        for table in (
            "stats_call",
            "stats_callbackturn",
            "stats_ringnoanswer",
            "stats_agentsession",
            "stats_pause",
            "stats_quarantinedline",
            "stats_loaderposition",
            "stats_assemblymark",
            "stats_queuelogline",
        ):
            cursor.execute(f"DELETE FROM {table} WHERE server = %s", [SERVER])  # noqa: S608
        for table in (
            "stats_queuelogline",
            "stats_call",
            "stats_pause",
            "stats_agentsession",
            "stats_ringnoanswer",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


def _describe_server() -> None:
    """The settings that move the figures, and how busy the machine is (compare runs only alike)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name IN "
            "('autovacuum', 'max_wal_size', 'shared_buffers', 'checkpoint_timeout', 'jit', 'fsync') ORDER BY name"
        )
        settings = ", ".join(f"{name}={value}" for name, value in cursor.fetchall())
    print(f"server: {settings}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def _wal() -> tuple[int, int]:
    """WAL position (bytes) and checkpoints requested so far, server-wide."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn, checkpoints_req FROM pg_stat_bgwriter")
        position, requested = cursor.fetchone()
    return int(position), int(requested)


class _BackendCpu(threading.Thread):
    """CPU seconds used by the other backends of this database while a load runs (server on this machine).

    Wall time follows whatever else the machine runs; the CPU the loader's backends and its own process
    use much less so, which makes runs on a busy machine comparable. Polls pg_stat_activity and
    /proc/<pid>/stat every 0.2 s; a backend that ends between two polls loses at most that much.
    """

    def __init__(self) -> None:
        super().__init__(name="backend-cpu", daemon=True)
        self.stop = threading.Event()
        self.polled = threading.Event()
        # Ticks at the first poll (backends that were there before the load), and at the last.
        self.before: dict[int, int] = {}
        self.ticks: dict[int, int] = {}

    def run(self) -> None:
        try:
            with connection.cursor() as cursor:
                while True:
                    cursor.execute(
                        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                    for (pid,) in cursor.fetchall():
                        try:
                            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                        except OSError:  # ended meanwhile, or the server is on another machine
                            continue
                        self.ticks[int(pid)] = int(fields[11]) + int(fields[12])
                    if not self.polled.is_set():
                        self.before = dict(self.ticks)
                        self.polled.set()
                    if self.stop.wait(0.2):
                        return
        finally:
            self.polled.set()
            connection.close()

    def begin(self) -> None:
        self.start()
        self.polled.wait()

    def seconds(self) -> float:
        self.stop.set()
        self.join()
        used = sum(ticks - self.before.get(pid, 0) for pid, ticks in self.ticks.items())
        return used / os.sysconf("SC_CLK_TCK")


def _print_stages(times: StageTimes, elapsed: float, lines: int) -> None:
    """Seconds per stage (the reader, storing and assembling threads overlap: the sum exceeds the wall time)."""
    print(f"stages (seconds, µs per line; {elapsed:.1f} s of wall time):")
    for stage, seconds in times.seconds().items():
        print(f"  {stage:<52} {seconds:8.2f} s {seconds / lines * 1e6:6.2f} µs")


def _timed(label: str, runs: int, func: Callable[[], object]) -> float:
    best, _ = best_of(runs, func)
    print(f"{label}: best of {runs} {best:.3f} s")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--agents", type=int, default=500)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH_LINES)
    parser.add_argument(
        "--commit-interval", type=float, default=DEFAULT_COMMIT_INTERVAL_S, help="Seconds of work per batch."
    )
    parser.add_argument(
        "--pipeline",
        choices=["auto", "on", "off"],
        default="auto",
        help="Assemble on a second connection (auto: by the size of the file).",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the loaded rows for inspection.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to a PostgreSQL server: this benchmark measures PostgreSQL")
    print(f"database {BENCH_DATABASE}: creating if needed, migrating")
    prepare()

    shape = CenterShape(agents=args.agents, days=args.days, lines=args.lines)
    path = Path(__file__).resolve().parent / "out" / f"queue_log-{args.lines}-{args.agents}-{args.days}.log"
    if not path.exists():
        started = time.perf_counter()
        count = write(path, shape)
        print(f"generated {count} lines in {time.perf_counter() - started:.1f} s -> {path}")
    with path.open("rb") as handle:
        total_lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b""))
    print(f"file: {total_lines} lines, {path.stat().st_size / 1e6:.0f} MB")

    _clean()
    _describe_server()
    wal_before = _wal()
    backends = _BackendCpu()
    backends.begin()
    own_cpu = time.process_time()
    started = time.perf_counter()
    pipeline = {"auto": None, "on": True, "off": False}[args.pipeline]
    result = load_file(
        path, SERVER, batch_lines=args.batch, commit_interval_s=args.commit_interval, pipeline=pipeline
    )
    elapsed = time.perf_counter() - started
    own_cpu = time.process_time() - own_cpu
    backend_cpu = backends.seconds()
    print(f"load: {result.as_dict()} in {elapsed:.1f} s = {total_lines / elapsed:,.0f} lines/s")
    print(
        f"CPU during the load: PostgreSQL backends {backend_cpu:.1f} s ({backend_cpu / total_lines * 1e6:.2f} µs a "
        f"line), loader process {own_cpu:.1f} s ({own_cpu / total_lines * 1e6:.2f} µs a line)"
    )
    _print_stages(result.stages, elapsed, total_lines)
    wal_after = _wal()
    print(
        f"during the load (whole server): {(wal_after[0] - wal_before[0]) / 1e6:,.0f} MB of WAL, "
        f"{wal_after[1] - wal_before[1]} checkpoints requested by WAL volume, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    again = load_file(path, SERVER)
    print(f"second load: {again.as_dict()}")
    print(
        f"rows: calls {Call.objects.filter(server=SERVER).count()}, "
        f"pauses {Pause.objects.filter(server=SERVER).count()}, "
        f"sessions {AgentSession.objects.filter(server=SERVER).count()}"
    )
    with connection.cursor() as cursor:
        # What autovacuum does soon after a load on a stock server (this one may have it off): the
        # reports then read pages whose visibility is known instead of setting hint bits as they go.
        for table in ("stats_call", "stats_pause", "stats_agentsession", "stats_ringnoanswer"):
            cursor.execute(f"VACUUM ANALYZE {table}")

    first_day = shape.start.date()
    mid = date.fromordinal(first_day.toordinal() + args.days // 2)
    last = date.fromordinal(first_day.toordinal() + args.days - 1)
    daily = reports.ReportFilter(mid, mid, "Europe/Moscow", sl=[20, 30, 60])
    monthly = reports.ReportFilter(first_day, last, "Europe/Moscow", sl=[20, 30, 60])
    day_report = reports.queue_report(daily)
    print(f"daily: {sum(q['offered'] for q in day_report['queues'].values())} calls offered")
    _timed("daily queue report (queues + agents)", 3, lambda: reports.queue_report(daily))
    _timed("daily queue summary", 3, lambda: reports.queue_summary(daily))
    _timed("monthly queue summary", 3, lambda: reports.queue_summary(monthly))
    _timed("monthly queue report (queues + agents)", 1, lambda: reports.queue_report(monthly))
    _timed("monthly distributions", 1, lambda: reports.distributions(monthly))
    _timed("daily callback list", 3, lambda: reports.callback_list(daily))
    _timed("monthly callback list", 1, lambda: reports.callback_list(monthly))
    if not args.keep:
        _clean()


if __name__ == "__main__":
    main()
