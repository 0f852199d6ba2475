"""The printed summary of a run."""

from __future__ import annotations

from benchmarks.scale.result import ScaleResult


def report(result: ScaleResult) -> None:
    mib = 1024 * 1024
    load = result.load_average
    print(
        f"\nscale: {result.nodes} nodes x {result.agents_per_node} agents, {result.calls_per_hour_per_node:g} "
        f"calls/h per node (VarSet {'on' if result.varset else 'off'}), one bridge, "
        f"{result.boards_connected} of {result.boards} boards on "
        f"{result.web_processes} web process(es), {result.seconds:.0f} s measured"
    )
    print(
        f"  load average (1 min)  : {load['start_1min']:.2f} at start, {load['mean_1min_during']:.2f} mean / "
        f"{load['max_1min_during']:.2f} max during, {load['end_1min']:.2f} at end (2 cores)"
    )
    print(
        f"  traffic               : {result.events_per_s:.0f} AMI events/s into the bridge, "
        f"{result.deltas_per_s:.0f} deltas/s stored and published, "
        f"{result.calls_started} calls started, {result.queue_log_lines} queue_log lines (whole run)"
    )
    windows = ", ".join(f"{value:.2f}" for value in result.bridge_cpu_windows)
    print(
        f"  bridge CPU            : {result.bridge_cpu_mean:.3f} mean, {result.bridge_cpu_peak:.3f} peak (cores; "
        f"5 s windows: {windows})"
    )
    print(f"  bridge CPU per event  : {result.bridge_cpu_ms_per_1000_events / 1000:.3f} ms")
    others = ", ".join(f"{name} {value:.2f}" for name, value in sorted(result.cpu_mean_by_process.items()))
    print(f"  CPU by process (mean) : {others}")
    print(
        f"  bridge publish lag    : {result.bridge_publish_lag_mean_ms:.1f} ms mean, p99 <= "
        f"{result.bridge_publish_lag_p99_le_ms:g} ms (read off the socket -> stored and published)"
    )
    print(
        f"  event -> board        : p50 {result.latency_p50_ms:.1f} ms, p90 {result.latency_p90_ms:.1f} ms, "
        f"p99 {result.latency_p99_ms:.1f} ms, max {result.latency_max_ms:.1f} ms; {result.probes} probes, "
        f"{result.delivered_pct:.1f} % delivered, {result.frames_per_board_s:.1f} frames/s and "
        f"{result.kib_per_board_s:.1f} KiB/s per board, "
        f"{result.resnapshots} re-snapshots, final state {result.final_state}"
    )
    print(
        f"  loader                : lag max {result.loader_lag_max_s:.1f} s, mean {result.loader_lag_mean_s:.1f} s "
        f"(every {result.loader_interval_s:g} s); {result.loader_loads} loads, {result.loader_lines} lines; "
        f"a load {result.loader_load_s_mean:.2f} s mean / {result.loader_load_s_max:.2f} s max, a round of "
        f"all nodes {result.loader_round_s_max:.2f} s max; backlog at the end {result.loader_backlog_at_end_s:.0f} s"
    )
    print(
        f"  Redis                 : used_memory {result.redis_used_memory_before / mib:.1f} MiB before, "
        f"{result.redis_used_memory_end / mib:.1f} MiB at the end (whole instance); the benchmark's "
        f"{result.redis_own_keys} keys {result.redis_own_bytes / mib:.2f} MiB"
    )
    cost = result.board_snapshot
    print(
        f"  one board's snapshot  : {cost['bytes'] / 1024:.0f} KiB; scope {cost['scope_ms']:.0f} ms + read "
        f"{cost['read_ms']:.0f} ms + frame {cost['frame_ms']:.0f} ms + JSON {cost['json_ms']:.0f} ms "
        f"(best of 3, in the benchmark's own process); boards: {result.board_connect_p50_s:.1f} s median, "
        f"{result.board_connect_max_s:.1f} s max from opening to their first snapshot"
    )
    if result.bridge_stages:
        print("  bridge stages (wall time, waiting included; per measured second and per call):")
        for name, figure in sorted(result.bridge_stages.items(), key=lambda item: -item[1]["seconds"]):
            print(
                f"    {name:<58} {figure['seconds'] / result.seconds:7.3f} s/s  {figure['count']:>8} calls  "
                f"{1000 * figure['seconds'] / max(figure['count'], 1):9.3f} ms each"
            )
    if result.browser_errors or result.probe_errors:
        print(
            f"  errors                : {result.browser_errors} boards failed, {result.probe_errors} probe actions refused"
        )
        for kind in result.browser_error_kinds:
            print(f"    {kind}")
    print(
        "  goals                 : "
        + ", ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in result.goals.items())
    )
