"""One run of the scale benchmark: the center, its processes, the boards, the measured run, the figures."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

from benchmarks.processes import free_port
from benchmarks.scale.browsers import BrowserReport
from benchmarks.scale.center import prepare_center
from benchmarks.scale.children import stop_process
from benchmarks.scale.cpu import CpuSampler
from benchmarks.scale.launch import (
    OUT_DIR,
    Processes,
    boards_ready,
    start_bridge,
    start_browsers,
    start_webs,
    wait_for_bridge,
)
from benchmarks.scale.loader import read_loader_output
from benchmarks.scale.metrics import scrape_bridge
from benchmarks.scale.probes import ProbeSession, open_probes, pause_finally, send_probes
from benchmarks.scale.redis_state import flush_own_redis, redis_info, redis_own_memory
from benchmarks.scale.result import Measured, ScaleResult, build_result
from benchmarks.scale.simulators import NodeStats
from benchmarks.scale.snapshot import snapshot_cost
from benchmarks.scale.stages import StageFigure
from benchmarks.wallboard_latency.measure import percentile


async def used_memory() -> int:
    """INFO memory used_memory of the whole Redis instance."""
    return int((await asyncio.to_thread(redis_info, "memory"))["used_memory"])


async def main_async(args: argparse.Namespace) -> ScaleResult:
    workdir = Path(tempfile.mkdtemp(prefix="cc-scale-bench-"))
    load_at_start = os.getloadavg()
    ports = [free_port() for _ in range(args.nodes)]
    specs, cookie = await asyncio.to_thread(prepare_center, args, workdir, ports)
    names = [spec.name for spec in specs]
    await asyncio.to_thread(flush_own_redis)
    memory_before = await used_memory()
    spec_path = workdir / "nodes.json"
    spec_path.write_text(json.dumps([dataclasses.asdict(spec) for spec in specs]), encoding="utf-8")
    loader_out = workdir / "loader.json"
    stages_out = workdir / "stages.json"
    metrics_port = free_port()
    web_ports = [free_port() for _ in range(args.web)]
    if args.profile_bridge or args.profile_web:
        OUT_DIR.mkdir(parents=True, exist_ok=True)
    # The bridge and the web processes are signalled around the measured run when they time or profile it.
    signal_bridge = args.bridge_stages or args.profile_bridge

    processes = Processes()
    probes: list[ProbeSession] = []
    try:
        simulators = await processes.role("simulators", "--role", "simulators", "--spec", str(spec_path))
        await simulators.expect("ready", 60)
        bridge = start_bridge(
            processes,
            names,
            metrics_port,
            OUT_DIR / "scale-bridge-profile.txt" if args.profile_bridge else None,
            stages_out if args.bridge_stages else None,
        )
        webs = start_webs(processes, web_ports, args.deflate, args.profile_web)
        loader = await processes.role(
            "loader",
            "--role",
            "loader",
            "--names",
            ",".join(names),
            "--loader-interval",
            str(args.loader_interval),
            "--loader-out",
            str(loader_out),
        )
        await wait_for_bridge(bridge, names, web_ports)
        await open_probes(specs, probes)

        started_connecting = time.monotonic()
        browsers = await start_browsers(processes, args, web_ports, cookie)
        connected, connect_times = await boards_ready(browsers)
        print(
            f"{connected} of {args.boards} boards connected with their snapshots in "
            f"{time.monotonic() - started_connecting:.1f} s (one board: {percentile(connect_times, 0.5):.1f} s "
            f"median, {max(connect_times):.1f} s max); warming up {args.warmup:g} s",
            flush=True,
        )
        await asyncio.sleep(args.warmup)

        pids = {
            "bridge": bridge.pid,
            "simulators": simulators.pid,
            "loader": loader.pid,
            "orchestrator": os.getpid(),
        }
        pids.update({f"web-{n + 1}": web.pid for n, web in enumerate(webs)})
        pids.update({child.name: child.pid for child in browsers})
        sampler = CpuSampler(pids)
        sampling_stop = asyncio.Event()
        metrics_before = await asyncio.to_thread(scrape_bridge, metrics_port)
        measure_started_epoch = time.time()
        sampling = asyncio.create_task(sampler.run(sampling_stop))
        if signal_bridge:
            bridge.send_signal(signal.SIGUSR1)
        if args.profile_web:
            webs[0].send_signal(signal.SIGUSR1)
        for child in browsers:
            child.send("start")

        sent_at, probes_started = await send_probes(probes, args.seconds)
        sampling_stop.set()
        if signal_bridge:
            bridge.send_signal(signal.SIGUSR2)
        if args.profile_web:
            webs[0].send_signal(signal.SIGUSR2)
        await sampling
        measured_wall = asyncio.get_running_loop().time() - probes_started
        metrics_after = await asyncio.to_thread(scrape_bridge, metrics_port)
        memory_end = await used_memory()
        own_keys, own_bytes = await asyncio.to_thread(redis_own_memory)
        snapshot = await asyncio.to_thread(snapshot_cost)

        final = pause_finally(probes)
        for child in browsers:
            child.send(json.dumps(final))
        reports: list[BrowserReport] = [await child.expect("report", 120) for child in browsers]
        load_at_end = os.getloadavg()

        # The bridge and the web processes first: the nodes must not vanish under a running bridge.
        for process in processes.popen:
            await stop_process(process, 20)
        await stop_process(loader.process, 120)
        await stop_process(simulators.process)
        node_stats: list[NodeStats] = await simulators.expect("stats", 30)
    finally:
        for session in probes:
            await session.close()
        await processes.stop_all()
        await asyncio.to_thread(flush_own_redis)

    loader_output = read_loader_output(loader_out)
    stages: dict[str, StageFigure] = json.loads(stages_out.read_text()) if stages_out.exists() else {}
    if args.keep_workdir:
        print(f"  work directory        : {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    measured = Measured(
        connected=connected,
        connect_times=connect_times,
        seconds=measured_wall,
        started_epoch=measure_started_epoch,
        load_at_start=load_at_start,
        load_at_end=load_at_end,
        sampler=sampler,
        metrics_before=metrics_before,
        metrics_after=metrics_after,
        sent_at=sent_at,
        probe_errors=sum(session.errors for session in probes),
        reports=reports,
        node_stats=node_stats,
        loader=loader_output,
        memory_before=memory_before,
        memory_end=memory_end,
        own_keys=own_keys,
        own_bytes=own_bytes,
        snapshot=snapshot,
        stages=stages,
    )
    return build_result(args, measured)
