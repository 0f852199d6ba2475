"""The figures of a run: what benchmarks/out/scale.json holds, computed from what the processes reported."""

from __future__ import annotations

import argparse
import statistics
from dataclasses import dataclass

from benchmarks.scale.browsers import BrowserReport
from benchmarks.scale.cpu import CpuSampler
from benchmarks.scale.loader import LoaderOutput, LoadRecord
from benchmarks.scale.metrics import histogram_quantile
from benchmarks.scale.simulators import NodeStats
from benchmarks.scale.snapshot import SnapshotCost
from benchmarks.scale.stages import StageFigure
from benchmarks.wallboard_latency.measure import percentile


@dataclass
class ScaleResult:
    """What benchmarks/out/scale.json holds."""

    nodes: int
    agents_per_node: int
    calls_per_hour_per_node: float
    boards: int
    boards_connected: int
    board_connect_p50_s: float
    board_connect_max_s: float
    web_processes: int
    browser_processes: int
    varset: bool
    ws_deflate: bool
    seconds: float
    loader_interval_s: float
    load_average: dict[str, float]
    events_per_s: float
    deltas_per_s: float
    calls_started: int
    queue_log_lines: int
    bridge_cpu_mean: float
    bridge_cpu_peak: float
    bridge_cpu_windows: list[float]
    cpu_mean_by_process: dict[str, float]
    bridge_publish_lag_mean_ms: float
    bridge_publish_lag_p99_le_ms: float
    probes: int
    delivered_pct: float
    latency_p50_ms: float
    latency_p90_ms: float
    latency_p99_ms: float
    latency_max_ms: float
    frames_per_board_s: float
    kib_per_board_s: float
    resnapshots: int
    final_state: str
    browser_errors: int
    browser_error_kinds: list[str]
    probe_errors: int
    loader_loads: int
    loader_lines: int
    loader_lag_max_s: float
    loader_lag_mean_s: float
    loader_load_s_mean: float
    loader_load_s_max: float
    loader_round_s_max: float
    loader_backlog_at_end_s: float
    redis_used_memory_before: int
    redis_used_memory_end: int
    redis_own_keys: int
    redis_own_bytes: int
    bridge_cpu_ms_per_1000_events: float
    board_snapshot: SnapshotCost
    bridge_stages: dict[str, StageFigure]
    goals: dict[str, bool]


@dataclass
class Measured:
    """What the orchestrator gathered during one run, before it is reduced to figures."""

    connected: int
    connect_times: list[float]
    seconds: float  # wall time of the measured run
    started_epoch: float  # time.time() when it started
    load_at_start: tuple[float, float, float]
    load_at_end: tuple[float, float, float]
    sampler: CpuSampler
    metrics_before: dict[str, float]
    metrics_after: dict[str, float]
    sent_at: dict[str, float]  # probe reason -> time.perf_counter when it was sent
    probe_errors: int
    reports: list[BrowserReport]
    node_stats: list[NodeStats]
    loader: LoaderOutput
    memory_before: int
    memory_end: int
    own_keys: int
    own_bytes: int
    snapshot: SnapshotCost
    stages: dict[str, StageFigure]


def build_result(args: argparse.Namespace, run: Measured) -> ScaleResult:
    """The figures of ``run`` (the measured run only), with the goals they meet or miss."""
    # time.perf_counter is CLOCK_MONOTONIC on Linux: one clock for this process and the browsers'.
    latencies = [
        (moment - run.sent_at[reason]) * 1000
        for report in run.reports
        for seen in report["seen"]
        for reason, moment in seen.items()
        if reason in run.sent_at
    ]
    boards = sum(report["clients"] for report in run.reports)
    delta = {
        key: run.metrics_after.get(key, 0.0) - run.metrics_before.get(key, 0.0) for key in run.metrics_after
    }
    loads: list[LoadRecord] = [load for load in run.loader["loads"] if load["started"] >= run.started_epoch]
    rounds: dict[int, float] = {}
    for load in loads:
        bucket = int((load["started"] - run.started_epoch) // args.loader_interval)
        rounds[bucket] = rounds.get(bucket, 0.0) + load["finished"] - load["started"]
    bridge_windows = run.sampler.windows.get("bridge", [])
    result = ScaleResult(
        nodes=args.nodes,
        agents_per_node=args.agents,
        calls_per_hour_per_node=args.rate,
        boards=boards,
        boards_connected=run.connected,
        board_connect_p50_s=percentile(run.connect_times, 0.5),
        board_connect_max_s=max(run.connect_times),
        web_processes=args.web,
        browser_processes=len(run.reports),
        varset=args.varset,
        ws_deflate=args.deflate,
        seconds=run.seconds,
        loader_interval_s=args.loader_interval,
        load_average={
            "start_1min": run.load_at_start[0],
            "mean_1min_during": statistics.mean(run.sampler.load) if run.sampler.load else float("nan"),
            "max_1min_during": max(run.sampler.load) if run.sampler.load else float("nan"),
            "end_1min": run.load_at_end[0],
            "end_5min": run.load_at_end[1],
        },
        events_per_s=delta.get("events", 0.0) / run.seconds,
        deltas_per_s=delta.get("lag_count", 0.0) / run.seconds,
        calls_started=sum(stat["calls"] for stat in run.node_stats),
        queue_log_lines=sum(stat["queue_log_lines"] for stat in run.node_stats),
        bridge_cpu_mean=run.sampler.totals.get("bridge", float("nan")),
        bridge_cpu_peak=max(bridge_windows) if bridge_windows else float("nan"),
        bridge_cpu_windows=[round(value, 3) for value in bridge_windows],
        cpu_mean_by_process={name: round(value, 3) for name, value in run.sampler.totals.items()},
        bridge_publish_lag_mean_ms=1000 * delta.get("lag_sum", 0.0) / max(delta.get("lag_count", 0.0), 1.0),
        bridge_publish_lag_p99_le_ms=1000 * histogram_quantile(delta, 0.99),
        probes=len(run.sent_at),
        delivered_pct=100.0 * len(latencies) / max(len(run.sent_at) * boards, 1),
        latency_p50_ms=percentile(latencies, 0.50),
        latency_p90_ms=percentile(latencies, 0.90),
        latency_p99_ms=percentile(latencies, 0.99),
        latency_max_ms=max(latencies) if latencies else float("nan"),
        frames_per_board_s=sum(report["frames"] for report in run.reports)
        / max(run.connected, 1)
        / run.seconds,
        kib_per_board_s=sum(report["bytes"] for report in run.reports)
        / 1024
        / max(run.connected, 1)
        / run.seconds,
        resnapshots=sum(report["snapshots"] for report in run.reports) - boards,
        final_state=f"{sum(report['consistent'] for report in run.reports)}/{boards}",
        browser_errors=sum(len(report["errors"]) for report in run.reports),
        browser_error_kinds=sorted({error[:120] for report in run.reports for error in report["errors"]})[:5],
        probe_errors=run.probe_errors,
        loader_loads=len(loads),
        loader_lines=sum(load["loaded"] for load in loads),
        loader_lag_max_s=max((load["lag_s"] for load in loads), default=0.0),
        loader_lag_mean_s=statistics.mean(load["lag_s"] for load in loads if load["loaded"])
        if any(load["loaded"] for load in loads)
        else 0.0,
        loader_load_s_mean=statistics.mean(load["finished"] - load["started"] for load in loads)
        if loads
        else 0.0,
        loader_load_s_max=max((load["finished"] - load["started"] for load in loads), default=0.0),
        loader_round_s_max=max(rounds.values(), default=0.0),
        loader_backlog_at_end_s=max(run.loader["backlog_s"].values(), default=0.0),
        redis_used_memory_before=run.memory_before,
        redis_used_memory_end=run.memory_end,
        redis_own_keys=run.own_keys,
        redis_own_bytes=run.own_bytes,
        bridge_cpu_ms_per_1000_events=1e6
        * run.sampler.totals.get("bridge", float("nan"))
        / max(delta.get("events", 0.0) / run.seconds, 1.0),
        board_snapshot=run.snapshot,
        bridge_stages=run.stages,
        goals={},
    )
    result.goals = {
        "bridge under half a core (mean)": result.bridge_cpu_mean < 0.5,
        "p99 <= 150 ms": result.latency_p99_ms <= 150,
        "loader lag <= 60 s": result.loader_lag_max_s <= 60,
    }
    return result
