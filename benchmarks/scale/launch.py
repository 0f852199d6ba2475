"""Starting the benchmark's processes: simulators, bridge, web, loader and browsers, and stopping them."""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.processes import wait_port
from benchmarks.scale.browsers import BrowsersReady
from benchmarks.scale.children import ROOT, Child, stop_process
from benchmarks.scale.redis_state import bridge_connected
from benchmarks.scale.web import WEB_PROFILE_ENV, web_command

OUT_DIR = ROOT / "benchmarks" / "out"


@dataclass
class Processes:
    """The children started so far: JSON-speaking roles and plain processes (bridge, web)."""

    children: list[Child] = field(default_factory=list)
    popen: list[subprocess.Popen[bytes]] = field(default_factory=list)

    async def role(self, name: str, *args: str, stdin: bool = False) -> Child:
        child = await Child.start(name, *args, stdin=stdin)
        self.children.append(child)
        return child

    def process(self, command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(command, cwd=ROOT, env=env)
        self.popen.append(process)
        return process

    async def stop_all(self) -> None:
        """Every process still running, then the readers of the roles' output."""
        for child in self.children:
            await stop_process(child.process)
        for process in self.popen:
            await stop_process(process)
        for child in self.children:
            child.reading.cancel()


def start_bridge(
    processes: Processes,
    names: list[str],
    metrics_port: int,
    profile_out: Path | None,
    stages_out: Path | None,
) -> subprocess.Popen[bytes]:
    bridge_args = ["--role", "bridge", "--metrics-port", str(metrics_port), "--names", ",".join(names)]
    if profile_out is not None:
        bridge_args += ["--profile-out", str(profile_out)]
    if stages_out is not None:
        bridge_args += ["--stages-out", str(stages_out)]
    return processes.process([sys.executable, "-m", "benchmarks.scale", *bridge_args])


def start_webs(
    processes: Processes, ports: list[int], deflate: bool, profile_first: bool
) -> list[subprocess.Popen[bytes]]:
    """One uvicorn per port; with ``profile_first`` the first one profiles itself between signals."""
    web_profile = OUT_DIR / "scale-web-profile.txt"
    return [
        processes.process(
            web_command(port, deflate),
            env={**os.environ, WEB_PROFILE_ENV: str(web_profile)} if profile_first and index == 0 else None,
        )
        for index, port in enumerate(ports)
    ]


async def wait_for_bridge(bridge: subprocess.Popen[bytes], names: list[str], web_ports: list[int]) -> None:
    """Until the bridge is connected to every node and every web process listens."""
    deadline = time.monotonic() + 90
    while not await asyncio.to_thread(bridge_connected, names):
        if time.monotonic() > deadline:
            raise RuntimeError("the bridge did not connect to every node")
        if bridge.poll() is not None:
            raise RuntimeError(f"the bridge exited with {bridge.returncode}")
        await asyncio.sleep(0.25)
    for port in web_ports:
        await wait_port(port, 60)


async def start_browsers(
    processes: Processes, args: argparse.Namespace, web_ports: list[int], cookie: str
) -> list[Child]:
    """The boards spread over the web processes, and over ``--browser-processes`` processes."""
    urls = [f"ws://127.0.0.1:{web_ports[n % args.web]}/ws/wallboard/" for n in range(args.boards)]
    browsers: list[Child] = []
    for index in range(args.browser_processes):
        mine = urls[index :: args.browser_processes]
        if not mine:
            continue
        browsers.append(
            await processes.role(
                f"browsers-{index + 1}",
                "--role",
                "browsers",
                "--urls",
                ",".join(mine),
                "--cookie",
                cookie,
                "--connect-interval",
                str(args.connect_interval),
                stdin=True,
            )
        )
    return browsers


async def boards_ready(browsers: list[Child]) -> tuple[int, list[float]]:
    """How many boards got their snapshot, and how long each took; RuntimeError when none did."""
    connected = 0
    connect_times: list[float] = []
    for child in browsers:
        ready: BrowsersReady = await child.expect("ready", 330)
        connected += ready["boards"]
        connect_times += ready["connect_s"]
        for error in ready["errors"][:3]:
            print(f"{child.name}: a board failed: {error}", flush=True)
    if not connected:
        raise RuntimeError("no board got its snapshot")
    return connected, connect_times
