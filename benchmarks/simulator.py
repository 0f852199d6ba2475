"""Asterisk simulator throughput: 500 agents, 3,000 calls per hour, as fast as the CPU allows.

Run: cd /work/main && DJANGO_DEBUG=1 .venv/bin/python -m benchmarks.simulator [--hours H] [--varset]

The engine runs on a manual clock (no sleeping), one AMI client is connected over TCP on 127.0.0.1 with all
events on and reads every byte, and queue_log goes to a real file. The figure is center time simulated per
wall-clock second, i.e. how many times faster than real time the whole simulator (engine + AMI encoding +
socket writes + queue_log) keeps up with that workload.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from callcenter.simulator.clock import ManualClock
from callcenter.simulator.runner import Simulator
from callcenter.simulator.workload import WorkloadOptions

AGENTS = 500
QUEUES = 10
CALLS_PER_HOUR = 3000.0


def write_config(directory: Path) -> None:
    """Ten queues of fifty agents each (every agent also backs up the next queue at penalty 1)."""
    lines = [
        "[general]",
        "autofill = yes",
        "",
        "[bench](!)",
        "timeout = 15",
        "retry = 5",
        "wrapuptime = 5",
        "ringinuse = no",
        "joinempty = yes",
        "servicelevel = 20",
        "setinterfacevar = yes",
        "setqueueentryvar = yes",
        "setqueuevar = yes",
        "",
    ]
    per_queue = AGENTS // QUEUES
    # No ringall here: ringing fifty phones per call is not how a 500-seat center runs (see docs/simulator.md).
    strategies = ["rrmemory", "leastrecent", "fewestcalls", "linear", "random", "wrandom", "rrordered"]
    for index in range(QUEUES):
        lines.append(f"[q{index:02d}](bench)")
        lines.append(f"strategy = {strategies[index % len(strategies)]}")
        for agent in range(per_queue):
            ext = 2000 + index * per_queue + agent
            lines.append(f"member => Local/{ext}@agents/n,0,Agent {ext}")
        backup = (index + 1) % QUEUES
        for agent in range(0, per_queue, 5):
            ext = 2000 + backup * per_queue + agent
            lines.append(f"member => Local/{ext}@agents/n,1,Agent {ext}")
        lines.append("")
    (directory / "queues.conf").write_text("\n".join(lines), encoding="utf-8")


async def drain(reader: asyncio.StreamReader, counters: dict[str, int]) -> None:
    while True:
        chunk = await reader.read(1 << 16)
        if not chunk:
            return
        counters["bytes"] += len(chunk)
        counters["frames"] += chunk.count(b"\r\n\r\n")


async def run(hours: float, varset: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        write_config(directory)
        clock = ManualClock(1_795_338_000.0)
        options = WorkloadOptions(calls_per_hour=CALLS_PER_HOUR, profile=(1.0,) * 24)
        simulator = Simulator(
            config_dir=directory,
            queue_log=directory / "queue_log",
            seed=42,
            clock=clock,
            workload=True,
            varset=varset,
            username="bench",
            secret="bench-secret",  # noqa: S106 - a throwaway account on a loopback benchmark
            workload_options=options,
        )
        await simulator.start()
        reader, writer = await asyncio.open_connection("127.0.0.1", simulator.port)
        writer.write(b"Action: Login\r\nUsername: bench\r\nSecret: bench-secret\r\nEvents: on\r\n\r\n")
        await writer.drain()
        counters = {"bytes": 0, "frames": 0}
        reading = asyncio.create_task(drain(reader, counters))
        while counters["frames"] < 1:
            await asyncio.sleep(0.01)
        start_center, started = clock.now(), time.perf_counter()
        target = start_center + hours * 3600
        while clock.now() < target:
            clock.run_until(min(target, clock.now() + 1.0))
            # Let the server's transports flush and the client read, as a live run would.
            await asyncio.sleep(0)
            for session in simulator.server.sessions:
                await session.writer.drain()
        wall = time.perf_counter() - started
        await asyncio.sleep(0.2)
        workload = simulator.workload
        calls = workload.calls_started if workload else 0
        lines = simulator.queue_log.lines_written
        writer.close()
        await simulator.stop()
        reading.cancel()
        center = clock.now() - start_center
        return {
            "center_seconds": center,
            "wall_seconds": wall,
            "speed": center / wall,
            "calls": calls,
            "frames": counters["frames"],
            "events_per_call": counters["frames"] / calls if calls else 0.0,
            "events_per_wall_second": counters["frames"] / wall,
            "queue_log_lines": lines,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hours", type=float, default=1.0, help="center hours to simulate")
    parser.add_argument("--varset", action="store_true", help="emit VarSet events too")
    args = parser.parse_args()
    result = asyncio.run(run(args.hours, args.varset))
    print(
        f"Asterisk simulator: {AGENTS} agents, {QUEUES} queues, {CALLS_PER_HOUR:.0f} calls/hour, VarSet={'on' if args.varset else 'off'}"
    )
    print(f"  center time simulated : {result['center_seconds']:.0f} s")
    print(f"  wall time             : {result['wall_seconds']:.2f} s")
    print(f"  speed                 : x{result['speed']:.1f} real time")
    print(f"  calls                 : {result['calls']:.0f}")
    print(f"  AMI frames received   : {result['frames']:.0f} ({result['events_per_call']:.1f} per call)")
    print(f"  AMI frames per second : {result['events_per_wall_second']:.0f}")
    print(f"  queue_log lines       : {result['queue_log_lines']:.0f}")


if __name__ == "__main__":
    main()
