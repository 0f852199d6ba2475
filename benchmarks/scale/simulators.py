"""The simulators' process: one simulated Asterisk per node, with its workload, until SIGTERM."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypedDict

from benchmarks.processes import stop_on_signals
from benchmarks.scale.center import AMI_USER, NodeSpec


class NodeStats(TypedDict):
    name: str
    calls: int
    surveys: int
    queue_log_lines: int


async def run_simulators_role(spec_path: Path) -> None:
    from callcenter.simulator.runner import Simulator
    from callcenter.simulator.workload import WorkloadOptions

    specs = [
        NodeSpec(**{**raw, "probe_interfaces": tuple(raw["probe_interfaces"])})
        for raw in json.loads(spec_path.read_text())
    ]
    stop = stop_on_signals()
    simulators: list[tuple[NodeSpec, Simulator]] = []
    for spec in specs:
        options = WorkloadOptions(
            calls_per_hour=spec.calls_per_hour,
            # Flat: the peak rate at any hour of the day the benchmark happens to run.
            profile=(1.0,) * 24,
            # The probe agents' queue gets no callers.
            queue_weights={spec.probe_queue: 0.0},
        )
        simulator = Simulator(
            port=spec.port,
            config_dir=Path(spec.config_dir),
            queue_log=Path(spec.queue_log),
            seed=spec.seed,
            workload=True,
            varset=spec.varset,
            username=AMI_USER,
            secret=spec.secret,
            workload_options=options,
        )
        await simulator.start()
        simulators.append((spec, simulator))
    print(json.dumps({"ready": [simulator.port for _spec, simulator in simulators]}), flush=True)
    await stop.wait()
    stats: list[NodeStats] = []
    for spec, simulator in simulators:
        workload = simulator.workload
        stats.append(
            NodeStats(
                name=spec.name,
                calls=workload.calls_started if workload else 0,
                surveys=workload.surveys if workload else 0,
                queue_log_lines=simulator.queue_log.lines_written,
            )
        )
        await simulator.stop()
    print(json.dumps({"stats": stats}), flush=True)
