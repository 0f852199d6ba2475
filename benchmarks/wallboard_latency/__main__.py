"""``python -m benchmarks.wallboard_latency``: the orchestrator, or the bridge's process (``--role``)."""

from __future__ import annotations

import sys

from benchmarks.wallboard_latency import environment

if "--role" not in sys.argv:
    environment.configure_orchestrator()
environment.setup_django()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
from pathlib import Path  # noqa: E402

from django.conf import settings  # noqa: E402

import benchmarks.wallboard_latency  # noqa: E402
from benchmarks.processes import free_port, stop_on_signals, uvicorn_command, wait_port  # noqa: E402
from benchmarks.wallboard_latency.asterisk import (  # noqa: E402
    PROBE_MEMBERS,
    PROBE_RATE,
    PacedAMIServer,
    background_events,
)
from benchmarks.wallboard_latency.center import SERVER_NAME, clear_live_store, prepare_database  # noqa: E402
from benchmarks.wallboard_latency.measure import measure  # noqa: E402


async def run_bridge_role() -> None:
    from callcenter.live.bridge import run_bridge

    await run_bridge(stop_on_signals(), [SERVER_NAME], ping_interval=0)


async def main_async(args: argparse.Namespace) -> None:
    ami = PacedAMIServer()
    await ami.start()
    cookie = await asyncio.to_thread(prepare_database, ami.port)
    await asyncio.to_thread(clear_live_store)
    events = background_events(args.copies)
    port = free_port()
    env = {**os.environ}
    root = Path(__file__).resolve().parent.parent.parent
    web = subprocess.Popen(
        uvicorn_command("benchmarks.wallboard_latency.web:asgi_app", port),
        cwd=root,
        env=env,
    )
    bridge = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.wallboard_latency", "--role", "bridge"], cwd=root, env=env
    )
    try:
        await asyncio.wait_for(ami.ready.wait(), 60)
        await wait_port(port, 60)
        url, origin = f"ws://127.0.0.1:{port}/ws/wallboard/", f"http://127.0.0.1:{port}"
        print(
            f"background: {len(events)} recorded events (s01-s07 x {args.copies}); probes {PROBE_RATE:g}/s "
            f"on {PROBE_MEMBERS} members; {args.seconds:g} s per run; channel layer "
            f"{str(settings.CHANNEL_LAYERS['default']['BACKEND']).rsplit('.', 1)[-1]}"
        )
        header = (
            f"{'clients':>7} {'events/s':>9} {'probes':>6} {'delivered':>9} {'p50 ms':>7} {'p90 ms':>7} "
            f"{'p99 ms':>7} {'max ms':>7} {'frames/s':>8} {'resnap':>6} {'final state':>11}"
        )
        print(header)
        for clients_n in args.clients:
            result = await measure(ami, events, url, f"{cookie}", origin, clients_n, args.rate, args.seconds)
            print(
                f"{result['clients']:>7} {result['events_per_s']:>9.0f} {result['probes']:>6} "
                f"{result['delivered_pct']:>8.1f}% {result['p50']:>7.1f} {result['p90']:>7.1f} "
                f"{result['p99']:>7.1f} {result['max']:>7.1f} {result['frames_per_client_s']:>8.1f} "
                f"{result['resnapshots']:>6} {result['final_state_ok']:>11}"
            )
    finally:
        for process in (bridge, web):
            process.send_signal(signal.SIGTERM)
        for process in (bridge, web):
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        await asyncio.to_thread(clear_live_store)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=benchmarks.wallboard_latency.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--role", choices=["bridge"], help=argparse.SUPPRESS)
    parser.add_argument(
        "--clients", type=lambda text: [int(n) for n in re.split(r"[, ]+", text)], default=[50, 200]
    )
    parser.add_argument("--rate", type=float, default=500.0, help="AMI events per second in")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--copies", type=int, default=40, help="copies of the recordings in the background")
    args = parser.parse_args()
    if args.role == "bridge":
        asyncio.run(run_bridge_role())
        return
    if not settings.REDIS_URL:
        raise SystemExit("REDIS_URL is required: the benchmark measures the Redis channel layer")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
