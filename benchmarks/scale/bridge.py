"""The bridge's process: the AMI bridge of every node, its Prometheus metrics, optional timers/profile."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from benchmarks.processes import stop_on_signals
from benchmarks.scale.profiling import CpuProfile
from benchmarks.scale.stages import StageTimers


async def _bridge(names: list[str], timers: StageTimers | None, profile: CpuProfile | None) -> None:
    from callcenter.live.bridge import run_bridge

    stop = stop_on_signals()
    loop = asyncio.get_running_loop()

    # SIGUSR1: the measured run starts (forget the start-up); SIGUSR2: it ended (write the figures now:
    # a bridge that is behind takes long to stop, it publishes what it holds first).
    def measuring() -> None:
        if timers is not None:
            timers.stages.clear()
        if profile is not None:
            profile.start()

    def measured() -> None:
        if timers is not None:
            timers.write()
        if profile is not None:
            profile.write()

    loop.add_signal_handler(signal.SIGUSR1, measuring)
    loop.add_signal_handler(signal.SIGUSR2, measured)
    watching = asyncio.create_task(timers.watch_loop(stop)) if timers is not None else None
    await run_bridge(stop, names)
    if watching is not None:
        await watching


def run_bridge_role(
    names: list[str], metrics_port: int, profile_out: Path | None, stages_out: Path | None
) -> None:
    from prometheus_client import start_http_server

    start_http_server(metrics_port, addr="127.0.0.1")
    timers = StageTimers(stages_out) if stages_out is not None else None
    if timers is not None:
        timers.install()
    profile = CpuProfile(profile_out) if profile_out is not None else None
    asyncio.run(_bridge(names, timers, profile))
