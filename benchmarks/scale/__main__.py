"""``python -m benchmarks.scale``: the orchestrator, or one of its processes (``--role``)."""

from __future__ import annotations

import sys

from benchmarks.scale import environment

if "--role" not in sys.argv:
    # Child processes inherit all of this through the environment.
    environment.configure_orchestrator()
environment.setup_django()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import dataclasses  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402

from django.conf import settings  # noqa: E402

import benchmarks.scale  # noqa: E402
from benchmarks.scale.bridge import run_bridge_role  # noqa: E402
from benchmarks.scale.browsers import run_browsers_role  # noqa: E402
from benchmarks.scale.center import PROBE_EXTENSION  # noqa: E402
from benchmarks.scale.launch import OUT_DIR  # noqa: E402
from benchmarks.scale.loader import run_loader_role  # noqa: E402
from benchmarks.scale.report import report  # noqa: E402
from benchmarks.scale.run import main_async  # noqa: E402
from benchmarks.scale.simulators import run_simulators_role  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=benchmarks.scale.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--role", choices=["simulators", "bridge", "loader", "browsers"], help=argparse.SUPPRESS
    )
    parser.add_argument("--spec", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--names", default="", help=argparse.SUPPRESS)
    parser.add_argument("--metrics-port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--stages-out", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--loader-out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--urls", default="", help=argparse.SUPPRESS)
    parser.add_argument("--cookie", default="", help=argparse.SUPPRESS)
    parser.add_argument(
        "--connect-interval",
        type=float,
        default=0.05,
        help="seconds between two boards opening (per process)",
    )
    parser.add_argument("--nodes", type=int, default=10, help="simulated Asterisk nodes")
    parser.add_argument("--agents", type=int, default=100, help="agents per node (besides two probe agents)")
    parser.add_argument("--queues", type=int, default=4, help="queues per node (besides the probe queue)")
    parser.add_argument("--rate", type=float, default=3000.0, help="inbound calls per hour per node")
    parser.add_argument("--boards", type=int, default=200, help="wallboard WebSocket clients")
    parser.add_argument("--web", type=int, default=2, help="uvicorn processes the boards are spread over")
    parser.add_argument("--browser-processes", type=int, default=2, help="processes the boards run in")
    parser.add_argument("--seconds", type=float, default=120.0, help="length of the measured run")
    parser.add_argument(
        "--warmup", type=float, default=10.0, help="seconds between the boards' snapshots and measuring"
    )
    parser.add_argument(
        "--loader-interval", type=float, default=10.0, help="seconds between the loader's rounds"
    )
    parser.add_argument(
        "--no-varset",
        dest="varset",
        action="store_false",
        help="no VarSet events (Asterisk sends them unless filtered)",
    )
    parser.add_argument(
        "--no-deflate",
        dest="deflate",
        action="store_false",
        help="web processes without WebSocket permessage-deflate (uvicorn's default is on)",
    )
    parser.add_argument(
        "--profile-bridge", action="store_true", help="run the bridge under cProfile (CPU time)"
    )
    parser.add_argument(
        "--profile-web", action="store_true", help="run the first web process under cProfile (CPU time)"
    )
    parser.add_argument(
        "--bridge-stages", action="store_true", help="time the bridge's stages (wall time, waiting included)"
    )
    parser.add_argument(
        "--keep-workdir", action="store_true", help="keep the nodes' configuration and queue_log"
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR / "scale.json", help="where the JSON figures go")
    args = parser.parse_args()
    names = [name for name in args.names.split(",") if name]
    if args.role == "simulators":
        asyncio.run(run_simulators_role(args.spec))
        return
    if args.role == "bridge":
        run_bridge_role(names, args.metrics_port, args.profile_out, args.stages_out)
        return
    if args.role == "loader":
        run_loader_role(names, args.loader_interval, args.loader_out)
        return
    if args.role == "browsers":
        asyncio.run(
            run_browsers_role(
                [url for url in args.urls.split(",") if url], args.cookie, args.connect_interval
            )
        )
        return
    if not settings.REDIS_URL:
        raise SystemExit("REDIS_URL is required: the benchmark measures the Redis store and channel layer")
    if (
        args.nodes < 1
        or args.nodes > 89
        or args.agents < 1
        or args.agents > PROBE_EXTENSION
        or args.queues < 1
    ):
        raise SystemExit("--nodes 1-89, --agents 1-900 and --queues >= 1")
    result = asyncio.run(main_async(args))
    report(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(dataclasses.asdict(result), indent=2) + "\n", encoding="utf-8")
    print(f"  written               : {args.out}")


if __name__ == "__main__":
    main()
