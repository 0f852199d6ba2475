"""The simulator as one object (for tests and the demo) and as a coroutine that runs until a stop event."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict, Unpack

from callcenter.simulator.ami_server import AMIServer
from callcenter.simulator.clock import Clock, ScaledClock
from callcenter.simulator.config import (
    ConfigError,
    ManagerUser,
    QueueConfig,
    load_manager_users,
    load_queues,
)
from callcenter.simulator.engine import Engine
from callcenter.simulator.queue_log import QueueLogWriter
from callcenter.simulator.workload import Workload, WorkloadOptions

DEFAULT_CONFIG_DIR = Path(__file__).resolve().parent / "default_conf"


class NodeOptions(TypedDict, total=False):
    """How the simulated node is set up; what is left out takes ``Simulator``'s default."""

    config_dir: Path | None
    queue_log: Path | None
    seed: int
    speed: float
    varset: bool
    username: str | None
    secret: str | None


class Simulator:
    """An Asterisk stand-in: Engine + AMI server + optional workload, started and stopped together."""

    def __init__(
        self,
        *,
        port: int = 0,
        config_dir: Path | None = None,
        queue_log: Path | None = None,
        seed: int = 0,
        speed: float = 1.0,
        workload: bool = False,
        varset: bool = False,
        username: str | None = None,
        secret: str | None = None,
        clock: Clock | None = None,
        workload_options: WorkloadOptions | None = None,
    ) -> None:
        self.config_dir = config_dir or DEFAULT_CONFIG_DIR
        self.clock: Clock = clock or ScaledClock(speed)
        users = load_manager_users(self.config_dir)
        if username:
            if not secret:
                raise ConfigError("--username needs --secret")
            users = [user for user in users if user.username != username] + [ManagerUser(username, secret)]
        if not users:
            raise ConfigError(
                f"no AMI user: put a manager.conf in {self.config_dir} or pass a username and secret"
            )
        self.queue_log = QueueLogWriter(queue_log)
        self.engine = Engine(
            self.clock, self._load_queues(), queue_log=self.queue_log, seed=seed, varset=varset
        )
        self.server = AMIServer(self.engine, users, port=port)
        self.server.reload_queues = self._load_queues
        self.workload: Workload | None = (
            Workload(self.engine, workload_options, seed=seed) if workload else None
        )

    def _load_queues(self) -> list[QueueConfig]:
        return load_queues(self.config_dir)

    @property
    def port(self) -> int:
        return self.server.port

    async def start(self) -> None:
        self.queue_log.open()
        await self.server.start()
        if self.workload is not None:
            self.workload.start()

    async def stop(self) -> None:
        if self.workload is not None:
            self.workload.stop()
        await self.server.stop()
        self.queue_log.close()

    # Fault switches, for tests and the AMI SimulatorFault action.
    def drop_connections(self) -> int:
        return self.server.drop_connections()

    def half_open(self, enabled: bool = True) -> None:
        self.server.half_open(enabled)

    def send_malformed(self) -> None:
        self.server.send_malformed()

    def restart(self) -> None:
        self.server.restart()


async def run_simulator(
    stop: asyncio.Event,
    *,
    port: int = 5038,
    workload: bool = True,
    calls_per_hour: float | None = None,
    workload_options: WorkloadOptions | None = None,
    ready: Callable[[int], None] | None = None,
    **node: Unpack[NodeOptions],
) -> None:
    """Run the simulator until ``stop`` is set (the demo runs this in its own event loop).

    ``ready`` is called with the bound port once AMI is listening (useful with ``port=0``).
    """
    options = workload_options or WorkloadOptions()
    if calls_per_hour is not None:
        options.calls_per_hour = calls_per_hour
    simulator = Simulator(port=port, workload=workload, workload_options=options, **node)
    await simulator.start()
    try:
        if ready is not None:
            ready(simulator.port)
        await stop.wait()
    finally:
        await simulator.stop()
