"""The demo's background services, started beside the web server in one event loop.

``make demo`` runs the whole control plane in one process: the Asterisk simulator on 127.0.0.1 (reading
the configuration the project rendered for the demo node and writing its queue_log), the AMI bridge, the
dialer's pacing, and an in-process scheduler that runs the Celery beat schedule eagerly (queue_log
loading, the nightly report). Production runs the same pieces as separate processes.

The bridge holds the demo node's only AMI event stream; the dialer's attempts, the spy sessions and the
trunk alarms follow it through the subscribers their apps register (``callcenter.live.subscribers``),
exactly as in production.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from celery.schedules import schedule as every
from django.conf import settings
from django.db import connections
from django.utils import timezone

from callcenter.celery import app
from callcenter.demo.node import DemoNode
from callcenter.dialer.service import run_dialer
from callcenter.live.bridge import run_bridge
from callcenter.live.watchers import run_watchers
from callcenter.simulator.history import log_in
from callcenter.simulator.runner import Simulator
from callcenter.simulator.workload import Workload, WorkloadOptions

logger = logging.getLogger(__name__)

# Each starter receives the stop event and returns a coroutine that runs until it is set.
ServiceStarter = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


def simulator_service(
    node: DemoNode, *, seed: int = 1, calls_per_hour: float | None = None
) -> ServiceStarter:
    async def run(stop: asyncio.Event) -> None:
        simulator = Simulator(
            port=node.port,
            config_dir=node.config_dir,
            queue_log=node.queue_log,
            seed=seed,
            speed=1.0,
            username=node.username,
            secret=node.secret,
        )
        await simulator.start()
        # The shift starts: every agent logs in to their dynamic queues (ADDMEMBER in queue_log, the log-in
        # sessions of payroll), before the day's traffic and the agents' breaks begin.
        for login in node.logins:
            log_in(simulator.engine, login)
        options = WorkloadOptions()
        if calls_per_hour is not None:
            options.calls_per_hour = calls_per_hour
        workload = Workload(simulator.engine, options, seed=seed)
        workload.start()
        try:
            await stop.wait()
        finally:
            workload.stop()
            await simulator.stop()

    return run


async def bridge_service(stop: asyncio.Event) -> None:
    await asyncio.gather(run_bridge(stop), run_watchers(stop))


async def dialer_service(stop: asyncio.Event) -> None:
    await run_dialer(stop)


def _run_task(name: str) -> None:
    try:
        app.tasks[name].apply(throw=True)
    finally:
        # The task ran in a short-lived worker thread: its connections must not outlive it.
        connections.close_all()


def scheduler_service(*, skip_prefixes: tuple[str, ...] = ()) -> ServiceStarter:
    """Run ``CELERY_BEAT_SCHEDULE`` in-process, each task eagerly in a worker thread when it falls due."""

    async def run(stop: asyncio.Event) -> None:
        app.loader.import_default_modules()
        entries: dict[str, Any] = {}
        last_run: dict[str, datetime] = {}
        now = timezone.now()
        for key, entry in getattr(settings, "CELERY_BEAT_SCHEDULE", {}).items():
            if entry["task"].startswith(skip_prefixes):
                continue
            plan = entry["schedule"]
            if isinstance(plan, int | float | timedelta):
                plan = every(plan if isinstance(plan, timedelta) else timedelta(seconds=plan))
            entries[key] = (entry["task"], plan)
            # Interval tasks run once at start (the loader catches up at once); crontab ones wait their hour.
            last_run[key] = now - timedelta(days=1) if isinstance(plan, every) else now
        while not stop.is_set():
            wait = 60.0
            for key, (task, plan) in entries.items():
                due, next_in = plan.is_due(last_run[key])
                if due:
                    last_run[key] = timezone.now()
                    try:
                        await asyncio.to_thread(_run_task, task)
                    except Exception:
                        logger.exception("event=demo_task_failed task=%s", task)
                wait = min(wait, max(next_in, 0.5))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=wait)

    return run


@dataclass(frozen=True)
class ProductionForm:
    """How production runs a service: a process of its own (docker/compose.yaml)."""

    program: str  # "manage.py" or "celery"
    command: str  # the management command, or the Celery subcommand
    # For a Celery worker: the task whose queue it must consume.
    consumes_task: str | None = None


@dataclass(frozen=True)
class ControlPlaneService:
    """One long-lived service of the control plane, as production and the demo each run it."""

    name: str
    production: ProductionForm
    demo: Callable[[DemoNode], ServiceStarter]


SERVICES: tuple[ControlPlaneService, ...] = (
    # The only AMI event stream per node; it also feeds the dialer's and the wallboard's subscribers.
    ControlPlaneService("bridge", ProductionForm("manage.py", "ami_bridge"), lambda node: bridge_service),
    # Production: beat's schedule_campaigns feeds the pacing loops to a worker that consumes their queue;
    # the demo paces in-process.
    ControlPlaneService(
        "dialer",
        ProductionForm("celery", "worker", consumes_task="callcenter.dialer.pace_campaign"),
        lambda node: dialer_service,
    ),
    # Production: celery beat and the workers; the demo runs the beat schedule eagerly, less the dialer's
    # entries (paced above).
    ControlPlaneService(
        "scheduler",
        ProductionForm("celery", "beat"),
        lambda node: scheduler_service(skip_prefixes=("callcenter.dialer.",)),
    ),
)
"""The one list of long-lived services: ``make demo`` starts these in-process, and docker/compose.yaml must
run each in its production form (tests/deploy/test_compose.py holds the two together). The web server is
``run_demo`` itself in the demo and the ``web`` service in compose."""


def demo_starters(node: DemoNode, *, calls_per_hour: float = 200.0) -> list[ServiceStarter]:
    """The simulator standing in for Asterisk, then every service of ``SERVICES``, in start order (the bridge
    retries until the simulator listens).

    200 calls an hour keep the ten demo agents at about 80 % occupancy: callers wait, ring and connect.
    """
    return [
        simulator_service(node, calls_per_hour=calls_per_hour),
        *(service.demo(node) for service in SERVICES),
    ]


@contextlib.asynccontextmanager
async def demo_services(stop: asyncio.Event, starters: list[ServiceStarter]) -> AsyncIterator[None]:
    """Run every given service until the block exits, then cancel them cleanly."""
    tasks: list[asyncio.Task[None]] = [asyncio.create_task(start(stop)) for start in starters]
    try:
        yield
    finally:
        stop.set()
        _done, pending = await asyncio.wait(tasks, timeout=10)
        for task in pending:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
