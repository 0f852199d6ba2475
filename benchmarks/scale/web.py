"""The web processes: the project's ASGI stack with the wallboard route, under uvicorn."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

from benchmarks.processes import uvicorn_command
from benchmarks.scale.environment import setup_django
from benchmarks.scale.profiling import CpuProfile

setup_django()

WEB_PROFILE_ENV = "SCALE_BENCH_WEB_PROFILE"


def asgi_app() -> Any:
    """The project's ASGI stack with the wallboard route (uvicorn --factory).

    With SCALE_BENCH_WEB_PROFILE set (``--profile-web``, first web process only), the event loop's thread
    is profiled in CPU time between SIGUSR1 and SIGUSR2, written to that path.
    """
    from benchmarks.wallboard_latency.web import asgi_app as wallboard_app

    out = os.environ.get(WEB_PROFILE_ENV)
    if out:
        profile = CpuProfile(Path(out))
        signal.signal(signal.SIGUSR1, lambda _signum, _frame: profile.start())
        signal.signal(signal.SIGUSR2, lambda _signum, _frame: profile.write())
    return wallboard_app()


def web_command(port: int, deflate: bool) -> list[str]:
    """uvicorn serving ``asgi_app`` on ``port``, with or without WebSocket permessage-deflate."""
    return uvicorn_command(
        "benchmarks.scale.web:asgi_app",
        port,
        "--ws-per-message-deflate",
        "true" if deflate else "false",
        # A browser answers pings on its network thread; the simulated ones answer on the event loop
        # that also parses their snapshots, which may hold it for more than the default 20 s when a
        # hundred boards open at once on a loaded machine.
        "--ws-ping-timeout",
        "300",
    )
