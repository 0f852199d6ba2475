"""Run every benchmark in turn (`make bench`); each prints its own figures for docs/performance.md."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

# (module, extra arguments for a full run)
BENCHMARKS: list[tuple[str, list[str]]] = [
    ("benchmarks.ami_ingest", []),
    ("benchmarks.simulator", ["--hours", "1"]),
    ("benchmarks.pbx_render", []),
    ("benchmarks.wallboard_latency", []),
    # A small scale run (about a minute); the full one (10 nodes x 100 agents, 200 boards) is run by hand,
    # see docs/performance.md, "Scale".
    (
        "benchmarks.scale",
        [
            "--nodes=2",
            "--agents=20",
            "--boards=20",
            "--web=1",
            "--browser-processes=1",
            "--seconds=20",
            "--warmup=3",
            "--out=benchmarks/out/scale-small.json",
        ],
    ),
    ("benchmarks.dialer", []),
    ("benchmarks.reports", []),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help="run only these (e.g. ami_ingest reports)")
    args = parser.parse_args()
    failed = []
    for module, extra in BENCHMARKS:
        if args.names and module.split(".")[-1] not in args.names:
            continue
        print(f"\n=== {module} {' '.join(extra)}", flush=True)
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", module, *extra], check=False)
        print(f"=== {module}: exit {result.returncode} after {time.monotonic() - started:.0f} s", flush=True)
        if result.returncode:
            failed.append(module)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
