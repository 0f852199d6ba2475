"""Scale: ten simulated Asterisk nodes of 100 agents each, one AMI bridge, 200 wallboards, the queue_log loader.

Everything real on 127.0.0.1, each part in its own process as in production:

* the simulators: one ``callcenter.simulator`` (engine, AMI server, queue_log writer, seeded workload)
  per node, each with its own AMI port, configuration and queue_log file, all in one process (a node
  costs well under 1 % of a core at 3,000 calls an hour, see docs/performance.md, "Asterisk simulator");
  the configuration of each node is rendered from the database (``bootstrap_configuration``) as for the
  demo node: servers, queues, a team per node, agents and memberships are rows of the benchmark's own
  database;
* ONE AMI bridge (``run_bridge``) holding the AMI stream of every node, with every registered subscriber;
* the web processes: uvicorn with the project's ASGI stack and the wallboard consumer (``--web``
  processes, the boards spread evenly over them);
* the browsers: ``--boards`` WebSocket clients (``websockets``), signed in as an administrator (they see
  the whole center), in ``--browser-processes`` processes; like the page, a board that cannot open its
  connection tries again (three attempts of 60 s);
* the queue_log loader: every ``--loader-interval`` seconds, ``load_queue_log`` on each node's file in
  turn, as a Celery worker would run the beat's ``load_queue_logs`` fan-out;
* this process: starts the others, sends the probes and samples CPU.

Figures (printed, and written to ``benchmarks/out/scale.json``):

* bridge CPU: CPU seconds of the bridge process (``/proc/<pid>/stat``, every thread) per wall second,
  mean over the measured run and peak over its 5 s windows; the other processes' mean beside it;
* event-to-board latency: ten probes a second, each a ``QueuePause`` of one of two probe agents per
  node with a unique reason, sent to that node's simulator over an action-only AMI session; the clock
  starts just before the action is written and stops when a browser parses the frame that shows that
  reason (the QueueMemberPause goes simulator -> bridge -> Redis -> web process -> browser). The probe
  agents sit in a queue of their own that gets no calls. At the end each probe agent gets a last
  reason and every board must show all of them ("final state");
* loader lag: before each load of a node's file the loader reads the first line it has not loaded yet;
  when the load commits, the lag is the age of that line (the oldest line that was waiting). Max and
  mean over the loads of the measured run (queue_log epochs are whole seconds: +-1 s);
* Redis memory: ``INFO memory`` used_memory (the whole instance, shared with whatever else uses it)
  before the bridge starts and at the end, and the ``MEMORY USAGE`` of the benchmark's own keys;
* beside them: the bridge's events and deltas per second and publish lag (its Prometheus metrics), how
  long the boards took to get their first snapshot, and what one board's snapshot costs (measured in
  this process at the end).

    cd /work/main && DJANGO_DEBUG=1 .venv/bin/python -m benchmarks.scale            # full size, 120 s
    cd /work/main && DJANGO_DEBUG=1 .venv/bin/python -m benchmarks.scale --nodes 2 --agents 20 --boards 20 --web 1 \
        --browser-processes 1 --seconds 20

The database is ``cc_bench_scale`` (or BENCH_DATABASE) on the server of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432), created and migrated if needed; its benchmark rows are brought to
what the options ask for on every run. Redis is the server of REDIS_URL (default 127.0.0.1:6379) with the database number replaced
by 9 (or BENCH_REDIS_DB): that database is flushed before and after the run, and nothing else. The
channel layer uses a prefix of its own, so that other users of the same Redis do not see its messages.
Where the time goes: ``--bridge-stages`` times the bridge's stages (wall time, waiting included: reduce,
store, each group publish, the channel layer's connection lock, the wait in the outbox) by wrapping
them in the bridge process only; ``--profile-bridge`` and ``--profile-web`` run the bridge or the first
web process under cProfile (CPU time) over the measured run and write the top functions to
``benchmarks/out/scale-bridge-profile.txt`` / ``scale-web-profile.txt``. Take CPU and latency figures
from runs without the profilers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import functools
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict
from urllib.parse import urlparse, urlunparse

BENCH_DATABASE = "cc_bench_scale"
BENCH_REDIS_DB = 9
CHANNEL_PREFIX = "ccbenchscale"


if __name__ == "__main__" and "--role" not in sys.argv:
    # Child processes inherit all of this through the environment.
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{BENCH_DATABASE}")
    from benchmarks.database import use_own_database

    if use_own_database(BENCH_DATABASE) is None:
        raise SystemExit(
            "the scale benchmark needs a PostgreSQL DATABASE_URL (the loader runs as in production)"
        )
    # REDIS_URL's server with the benchmark's own database number (BENCH_REDIS_DB, default 9).
    _redis = urlparse(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    os.environ["REDIS_URL"] = urlunparse(
        _redis._replace(path="/" + os.environ.get("BENCH_REDIS_DB", str(BENCH_REDIS_DB)))
    )
    # Every process must share one key: it signs the session cookie and encrypts the stored secrets. It
    # is the same from run to run (a benchmark database on 127.0.0.1), so the rows stay readable.
    os.environ.setdefault("SECRET_KEY", f"{BENCH_DATABASE}-benchmark-key-not-for-production")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from benchmarks.wallboard_latency import Client  # noqa: E402


def _isolate_channel_layer() -> None:
    """Give the pub/sub channel layer a prefix of its own: Redis pub/sub ignores the database number."""
    layer: dict[str, Any] = settings.CHANNEL_LAYERS.get("default", {})
    if str(layer.get("BACKEND", "")).endswith("RedisPubSubChannelLayer"):
        config: dict[str, Any] = layer.setdefault("CONFIG", {})
        config["prefix"] = CHANNEL_PREFIX


_isolate_channel_layer()

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "benchmarks" / "out"
AMI_USER = "scalebench"
PROBES_PER_NODE = 2
PROBE_RATE = 10.0
WINDOW_S = 5.0
PROBE_EXTENSION = 900  # probe agents are <node>900, <node>901, ...
STRATEGIES = ("rrmemory", "leastrecent", "fewestcalls", "linear")
# A board that cannot open its connection tries again, as the page does.
CONNECT_ATTEMPTS = 3
OPEN_TIMEOUT_S = 60.0


WEB_PROFILE_ENV = "SCALE_BENCH_WEB_PROFILE"


def asgi_app() -> Any:
    """The project's ASGI stack with the wallboard route (uvicorn --factory).

    With SCALE_BENCH_WEB_PROFILE set (``--profile-web``, first web process only), the event loop's thread
    is profiled in CPU time between SIGUSR1 and SIGUSR2, written to that path.
    """
    from benchmarks.wallboard_latency import asgi_app as wallboard_app

    out = os.environ.get(WEB_PROFILE_ENV)
    if out:
        profile = BridgeProfile(Path(out))
        signal.signal(signal.SIGUSR1, lambda _signum, _frame: profile.start())
        signal.signal(signal.SIGUSR2, lambda _signum, _frame: profile.write())
    return wallboard_app()


# --- the center, in the benchmark's database -----------------------------------------------------------


@dataclass(frozen=True)
class NodeSpec:
    """One simulated node: what the simulator process needs to stand in for its Asterisk."""

    name: str
    port: int
    secret: str
    config_dir: str
    queue_log: str
    seed: int
    probe_queue: str
    probe_interfaces: tuple[str, ...]
    calls_per_hour: float
    varset: bool


def server_name(node: int) -> str:
    return f"scale{node:02d}"


def extension(node: int, number: int) -> str:
    return str(10000 + node * 1000 + number)


def _upsert(save: Any, model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    """Create or update one object through the app's actions (validated, audited) when it differs."""
    instance = model._default_manager.filter(**lookup).first() or model(**lookup)
    if instance.pk is None or any(getattr(instance, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(instance, key, value)
        instance = save(None, instance)
    return instance


def prepare_center(args: argparse.Namespace, workdir: Path, ports: list[int]) -> tuple[list[NodeSpec], str]:
    """Bring the benchmark's servers, queues, teams, agents and memberships to what ``args`` asks for,
    render each node's configuration, and sign in an administrator. Returns the nodes and the cookie.

    Rows are updated, never deleted: statistics loaded by earlier runs refer to the agents and queues.
    What a smaller run does not use is switched off instead (agents inactive, queues on a disabled
    spare server, servers disabled).
    """
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction

    from benchmarks.database import prepare
    from callcenter.agents import actions as agent_actions
    from callcenter.agents.models import Agent, QueueMembership, Team
    from callcenter.pbx import actions as pbx_actions
    from callcenter.pbx.models import AsteriskServer, PhoneAccount, Queue

    prepare()
    secret = secrets.token_urlsafe(18)
    started = time.perf_counter()
    node_names = [server_name(node) for node in range(1, args.nodes + 1)]
    with transaction.atomic():
        # A secret stored under another SECRET_KEY cannot be read back; every run sets its own anyway.
        AsteriskServer.objects.filter(name__startswith="scale").update(ami_secret="")
        AsteriskServer.objects.exclude(name__in=node_names).update(enabled=False)
        try:
            list(PhoneAccount.objects.values_list("secret", flat=True))
        except ValueError:
            PhoneAccount.objects.update(secret=secrets.token_urlsafe(18))
        spare = _upsert(
            pbx_actions.save,
            AsteriskServer,
            {"name": "scalespare"},
            {"ami_username": AMI_USER, "ami_secret": secret, "enabled": False},
        )
        QueueMembership.objects.filter(queue__name__startswith="scale").delete()
        wanted_queues: set[str] = set()
        wanted_agents: set[str] = set()
        specs: list[NodeSpec] = []
        for node, name in enumerate(node_names, start=1):
            node_dir = workdir / name
            server = _upsert(
                pbx_actions.save,
                AsteriskServer,
                {"name": name},
                {
                    "ami_host": "127.0.0.1",
                    "ami_port": ports[node - 1],
                    "ami_username": AMI_USER,
                    "ami_secret": secret,
                    "ami_secret_env": "",
                    "queue_log_path": str(node_dir / "log" / "queue_log"),
                    "config_dir": str(node_dir / "etc"),
                    "sip_port": 5060 + 2 * node,
                    "enabled": True,
                },
            )
            team = _upsert(agent_actions.save, Team, {"name": f"Scale {node:02d}"}, {})
            queues = [
                _upsert(
                    pbx_actions.save,
                    Queue,
                    {"name": f"{name}q{index}"},
                    {
                        "server": server,
                        "strategy": STRATEGIES[index % len(STRATEGIES)],
                        "timeout": 15,
                        "wrapuptime": 5,
                        "service_level": 20,
                    },
                )
                for index in range(args.queues)
            ]
            probe_queue = _upsert(
                pbx_actions.save,
                Queue,
                {"name": f"{name}probe"},
                {"server": server, "strategy": "rrmemory", "timeout": 15},
            )
            wanted_queues.update(queue.name for queue in [*queues, probe_queue])
            team.queues.set([*queues, probe_queue])
            numbers = [*range(args.agents), *range(PROBE_EXTENSION, PROBE_EXTENSION + PROBES_PER_NODE)]
            payroll = {f"SCALE{node:02d}{number:03d}": number for number in numbers}
            wanted_agents.update(payroll)
            have = set(
                Agent.objects.filter(payroll_number__in=payroll).values_list("payroll_number", flat=True)
            )
            Agent.objects.bulk_create(
                Agent(
                    display_name=f"Agent {extension(node, number)}",
                    payroll_number=code,
                    extension=extension(node, number),
                    member_name=f"Agent {extension(node, number)}",
                    team=team,
                )
                for code, number in payroll.items()
                if code not in have
            )
            Agent.objects.filter(payroll_number__in=payroll).update(active=True, team=team, interface="")
            by_number = {
                payroll[agent.payroll_number]: agent
                for agent in Agent.objects.filter(payroll_number__in=payroll)
            }
            # Static members (queues.conf): the simulator's members are the ones configured there; dynamic
            # members would log in over AMI at the start of a shift.
            memberships = []
            for number in range(args.agents):
                # Each agent works one queue; every fifth also backs up the next one at penalty 1.
                agent = by_number[number]
                memberships.append(
                    QueueMembership(agent=agent, queue=queues[number % len(queues)], penalty=0, static=True)
                )
                if number % 5 == 0 and len(queues) > 1:
                    backup = queues[(number + 1) % len(queues)]
                    memberships.append(QueueMembership(agent=agent, queue=backup, penalty=1, static=True))
            probe_agents = [by_number[number] for number in numbers[args.agents :]]
            memberships += [
                QueueMembership(agent=agent, queue=probe_queue, static=True) for agent in probe_agents
            ]
            QueueMembership.objects.bulk_create(memberships)
            specs.append(
                NodeSpec(
                    name=server.name,
                    port=server.ami_port,
                    secret=secret,
                    config_dir=str(node_dir / "etc" / "live"),
                    queue_log=server.queue_log_path,
                    seed=node,
                    probe_queue=probe_queue.name,
                    probe_interfaces=tuple(agent.effective_interface for agent in probe_agents),
                    calls_per_hour=args.rate,
                    varset=args.varset,
                )
            )
        # What this run does not use: off the nodes and off the boards.
        Queue.objects.filter(name__startswith="scale").exclude(name__in=wanted_queues).update(server=spare)
        Agent.objects.filter(payroll_number__startswith="SCALE").exclude(
            payroll_number__in=wanted_agents
        ).update(active=False)
    seeded = time.perf_counter() - started
    for spec in specs:
        server = AsteriskServer.objects.get(name=spec.name)
        pbx_actions.bootstrap_configuration(None, server)
        Path(spec.queue_log).parent.mkdir(parents=True, exist_ok=True)
    print(
        f"center: {len(specs)} nodes, {args.agents} agents + {PROBES_PER_NODE} probe agents each, "
        f"{args.queues} queues each; seeded in {seeded:.1f} s, rendered in "
        f"{time.perf_counter() - started - seeded:.1f} s",
        flush=True,
    )
    user, _ = get_user_model().objects.update_or_create(
        username="scale-bench", defaults={"role": "admin", "is_active": True}
    )
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return specs, f"sessionid={session.session_key}"


# --- the simulators' process ----------------------------------------------------------------------------


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
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
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


# --- the bridge's process -------------------------------------------------------------------------------


class StageFigure(TypedDict):
    count: int
    seconds: float


class StageTimers:
    """Wall time per stage of the bridge (``--bridge-stages``), waiting included: where a delta's time goes.

    The bridge's own functions are wrapped in this process only; nothing in callcenter/ changes. The
    channel layer's publish is timed in two parts: waiting for the layer's connection lock (one
    connection per process, shared by every node) and the PUBLISH round trip itself.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.stages: dict[str, StageFigure] = {}

    def write(self) -> None:
        self.out.write_text(json.dumps(self.stages), encoding="utf-8")

    def add(self, name: str, seconds: float) -> None:
        figure = self.stages.setdefault(name, StageFigure(count=0, seconds=0.0))
        figure["count"] += 1
        figure["seconds"] += seconds

    def wrap_sync(self, owner: Any, attribute: str, name: str) -> None:
        original = getattr(owner, attribute)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - started)

        setattr(owner, attribute, timed)

    def wrap_async(self, owner: Any, attribute: str, name: str) -> None:
        original = getattr(owner, attribute)

        @functools.wraps(original)
        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - started)

        setattr(owner, attribute, timed)

    def install(self) -> None:
        from channels_redis.pubsub import RedisSingleShardConnection

        from callcenter.live import bridge
        from callcenter.live.bridge import publisher as bridge_publisher
        from callcenter.live.bridge import routing as bridge_routing
        from callcenter.live.state import LiveState
        from callcenter.live.store import RedisStore
        from callcenter.live.subscribers import Fanout

        self.wrap_sync(LiveState, "apply", "reduce: LiveState.apply, per event")
        self.wrap_sync(LiveState, "take_delta", "reduce: LiveState.take_delta, per socket read")
        self.wrap_sync(Fanout, "offer", "subscribers: Fanout.offer, per event")
        self.wrap_sync(bridge_routing, "split_delta", "publish: split_delta, per delta")
        self.wrap_sync(
            bridge_publisher, "merge_deltas", "publisher: merge_deltas, per delta merged into another"
        )
        self.wrap_async(RedisStore, "apply_delta", "store: RedisStore.apply_delta (MULTI), per delta")
        self.wrap_async(bridge.ServerBridge, "_publish", "publish: group_send (not in the MULTI), per group")
        self.wrap_async(bridge.ServerBridge, "_handle", "publisher: one outbox item, all of it")
        handle = bridge.ServerBridge._handle

        async def handle_timed(bridge_self: Any, kind: str, payload: Any, started: float) -> None:
            if kind == "delta":
                self.add("publisher: a delta waits in the outbox", time.monotonic() - started)
            await handle(bridge_self, kind, payload, started)

        setattr(bridge.ServerBridge, "_handle", handle_timed)  # noqa: B010 - a method, replaced on purpose
        timers = self

        async def publish(self: Any, channel: str, message: bytes) -> None:
            waiting = time.perf_counter()
            async with self._lock:
                started = time.perf_counter()
                self._ensure_redis()
                await self._redis.publish(channel, message)
            timers.add("channel layer: waiting for the connection lock", started - waiting)
            timers.add("channel layer: PUBLISH round trip", time.perf_counter() - started)

        setattr(RedisSingleShardConnection, "publish", publish)  # noqa: B010

    async def watch_loop(self, stop: asyncio.Event) -> None:
        """How late a 10 ms sleep wakes up: the event loop's own delay (CPU starvation, long callbacks)."""
        while not stop.is_set():
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            self.add("event loop: late wake-up of a 10 ms sleep", time.perf_counter() - started - 0.01)


class BridgeProfile:
    """cProfile over the measured run only (``--profile-bridge``, ``--profile-web``), in CPU time: the
    process mostly waits, and waiting is not where its CPU goes."""

    def __init__(self, out: Path) -> None:
        import cProfile

        self.out = out
        self.profiler = cProfile.Profile(time.process_time)

    def start(self) -> None:
        self.profiler.enable()

    def write(self) -> None:
        import io
        import pstats

        self.profiler.disable()
        self.profiler.dump_stats(str(self.out.with_suffix(".prof")))
        text = io.StringIO()
        stats = pstats.Stats(self.profiler, stream=text)
        stats.sort_stats("tottime").print_stats(45)
        stats.sort_stats("cumulative").print_stats(60)
        self.out.write_text(text.getvalue(), encoding="utf-8")


async def _bridge(names: list[str], timers: StageTimers | None, profile: BridgeProfile | None) -> None:
    from callcenter.live.bridge import run_bridge

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)

    # SIGUSR1: the measured run starts (forget the start-up); SIGUSR2: it ended (write the figures now:
    # a bridge that is behind takes long to stop, it publishes what it holds first).
    def measuring() -> None:
        if timers is not None:
            timers.stages.clear()
        if profile is not None:
            profile.start()

    def measured() -> None:
        if timers is not None:
            timers.write()
        if profile is not None:
            profile.write()

    loop.add_signal_handler(signal.SIGUSR1, measuring)
    loop.add_signal_handler(signal.SIGUSR2, measured)
    watching = asyncio.create_task(timers.watch_loop(stop)) if timers is not None else None
    await run_bridge(stop, names)
    if watching is not None:
        await watching


def run_bridge_role(
    names: list[str], metrics_port: int, profile_out: Path | None, stages_out: Path | None
) -> None:
    from prometheus_client import start_http_server

    start_http_server(metrics_port, addr="127.0.0.1")
    timers = StageTimers(stages_out) if stages_out is not None else None
    if timers is not None:
        timers.install()
    profile = BridgeProfile(profile_out) if profile_out is not None else None
    asyncio.run(_bridge(names, timers, profile))


# --- the loader's process -------------------------------------------------------------------------------


class LoadRecord(TypedDict):
    """One ``load_queue_log`` of one node's file."""

    server: str
    started: float  # epoch seconds
    finished: float
    loaded: int
    lag_s: float  # age of the oldest line that was waiting, when the load committed (0: nothing new)


def first_unloaded_epoch(server: str, path: str) -> int | None:
    """The queue_log epoch of the first complete line the loader has not stored yet (None: none)."""
    from callcenter.stats.models import LoaderPosition

    live = Path(path).resolve()
    position = LoaderPosition.objects.filter(server=server, path=str(live)).first()
    offset = position.offset if position is not None and live.stat().st_ino == position.inode else 0
    with live.open("rb") as handle:
        handle.seek(offset)
        line = handle.readline()
    if not line.endswith(b"\n"):
        return None
    return int(line.split(b"|", 1)[0])


def run_loader_role(names: list[str], interval: float, out: Path) -> None:
    from callcenter.pbx.models import AsteriskServer
    from callcenter.stats import actions

    stopping = threading.Event()

    def stop(_signum: int, _frame: Any) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    servers = list(AsteriskServer.objects.filter(name__in=names).order_by("name"))
    records: list[LoadRecord] = []
    while not stopping.is_set():
        round_started = time.monotonic()
        for server in servers:
            path = server.queue_log_path
            if not os.path.isfile(path):
                continue
            oldest = first_unloaded_epoch(server.name, path)
            started = time.time()
            result = actions.load_queue_log(path, server.name)
            finished = time.time()
            records.append(
                LoadRecord(
                    server=server.name,
                    started=started,
                    finished=finished,
                    loaded=result.loaded,
                    lag_s=finished - oldest if oldest is not None and result.loaded else 0.0,
                )
            )
        stopping.wait(max(0.0, round_started + interval - time.monotonic()))
    backlog = {
        server.name: (
            time.time() - epoch
            if (epoch := first_unloaded_epoch(server.name, server.queue_log_path))
            else 0.0
        )
        for server in servers
        if os.path.isfile(server.queue_log_path)
    }
    out.write_text(json.dumps({"loads": records, "backlog_s": backlog}), encoding="utf-8")


# --- the browsers' process ------------------------------------------------------------------------------


class BrowserReport(TypedDict):
    clients: int
    seen: list[dict[str, float]]  # per client: probe reason -> perf_counter when its frame was parsed
    frames: int  # received during the measured run
    bytes: int  # text received during the measured run
    snapshots: int
    consistent: int
    errors: list[str]  # why boards lost their connection (one line each)


class BrowsersReady(TypedDict):
    boards: int  # boards that have their snapshot
    errors: list[str]  # why the others failed
    connect_s: list[float]  # per board: from opening the connection to its first snapshot parsed


def _failure(task: asyncio.Task[None]) -> str | None:
    if not task.done() or task.cancelled() or task.exception() is None:
        return None
    return repr(task.exception())[:300]


class Board(Client):
    """A wallboard in a browser (the wallboard benchmark's client) that, like the page, tries again when
    the connection cannot be opened, and notes how long it took to show its first snapshot."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.connect_s: float | None = None
        self.bytes = 0

    def apply(self, frame: dict[str, Any], received: float) -> None:
        super().apply(frame, received)
        if self.connect_s is None and frame["type"] == "snapshot":
            self.connect_s = received - self.started

    async def run(self, url: str, cookie: str, origin: str, stop: asyncio.Event) -> None:
        import websockets
        from websockets.typing import Origin

        self.started = time.perf_counter()
        for attempt in range(CONNECT_ATTEMPTS):
            try:
                async with websockets.connect(
                    url,
                    additional_headers={"Cookie": cookie},
                    origin=Origin(origin),
                    max_size=None,
                    open_timeout=OPEN_TIMEOUT_S,
                    # Browsers do not ping; a client that did would close its boards whenever parsing
                    # snapshots keeps its own event loop from reading the pong in time.
                    ping_interval=None,
                ) as socket_:
                    while not stop.is_set():
                        try:
                            raw = await asyncio.wait_for(socket_.recv(), 0.5)
                        except TimeoutError:
                            continue
                        self.bytes += len(raw)
                        self.apply(json.loads(raw), time.perf_counter())
                    return
            except (TimeoutError, OSError):
                if self.snapshots or attempt == CONNECT_ATTEMPTS - 1:
                    raise


async def run_browsers_role(urls: list[str], cookie: str, interval: float) -> None:
    stop = asyncio.Event()
    clients = [Board(number) for number in range(len(urls))]
    tasks: list[asyncio.Task[None]] = []
    for client, url in zip(clients, urls, strict=True):
        origin = "http://" + url.split("://", 1)[1].split("/", 1)[0]
        tasks.append(asyncio.create_task(client.run(url, cookie, origin, stop)))
        await asyncio.sleep(interval)  # not all at once: each connection reads and sends a full snapshot

    async def settled(client: Any, task: asyncio.Task[None]) -> None:
        """Until the board has its snapshot or its connection failed."""
        snapshot = asyncio.create_task(client.snapshot_event.wait())
        await asyncio.wait({snapshot, task}, return_when=asyncio.FIRST_COMPLETED)
        snapshot.cancel()

    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(
            asyncio.gather(*(settled(client, task) for client, task in zip(clients, tasks, strict=True))), 300
        )
    errors = [error for task in tasks if (error := _failure(task))]
    ready = BrowsersReady(
        boards=sum(client.snapshot_event.is_set() for client in clients),
        errors=errors,
        connect_s=[client.connect_s for client in clients if client.connect_s is not None],
    )
    print(json.dumps({"ready": ready}), flush=True)
    # "start": the measured run begins (count frames from here); then the final state to wait for.
    command = await asyncio.to_thread(sys.stdin.readline)
    frames_before = sum(client.frames for client in clients)
    bytes_before = sum(client.bytes for client in clients)
    if command.strip() == "start":
        command = await asyncio.to_thread(sys.stdin.readline)
    frames = sum(client.frames for client in clients) - frames_before
    received = sum(client.bytes for client in clients) - bytes_before
    final: dict[str, str] = json.loads(command or "{}")

    def consistent(client: Any) -> bool:
        return all(
            (client.agents.get(key) or {}).get("pause_reason") == reason for key, reason in final.items()
        )

    deadline = time.perf_counter() + 15
    while time.perf_counter() < deadline and not all(consistent(client) for client in clients):
        await asyncio.sleep(0.05)
    report = BrowserReport(
        clients=len(clients),
        seen=[client.seen for client in clients],
        frames=frames,
        bytes=received,
        snapshots=sum(client.snapshots for client in clients),
        consistent=sum(consistent(client) for client in clients),
        errors=[error for task in tasks if (error := _failure(task))],
    )
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(json.dumps({"report": report}), flush=True)


# --- probes: pauses through each simulator's AMI ---------------------------------------------------------


class ProbeSession:
    """An action-only AMI session to one simulator (``Events: off``), as a supervisor's pause would use."""

    def __init__(self, spec: NodeSpec) -> None:
        self.spec = spec
        self.sequence = 0
        self.errors = 0
        self.writer: asyncio.StreamWriter | None = None
        self.reading: asyncio.Task[None] | None = None

    async def open(self) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.spec.port)
        await reader.readline()  # the banner
        writer.write(
            f"Action: Login\r\nUsername: {AMI_USER}\r\nSecret: {self.spec.secret}\r\nEvents: off\r\n"
            "ActionID: login\r\n\r\n".encode()
        )
        reply = await reader.readuntil(b"\r\n\r\n")
        if b"Success" not in reply:
            raise RuntimeError(f"{self.spec.name}: AMI login refused: {reply!r}")
        self.writer = writer
        self.reading = asyncio.create_task(self._read(reader))

    async def _read(self, reader: asyncio.StreamReader) -> None:
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            while True:
                if b"Response: Error" in await reader.readuntil(b"\r\n\r\n"):
                    self.errors += 1

    def pause(self, interface: str, reason: str) -> None:
        if self.writer is None:
            raise RuntimeError("the probe session is not open")
        self.sequence += 1
        self.writer.write(
            f"Action: QueuePause\r\nActionID: p{self.sequence}\r\nInterface: {interface}\r\nPaused: true\r\n"
            f"Reason: {reason}\r\n\r\n".encode()
        )

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(ConnectionError):
                await self.writer.wait_closed()
        if self.reading is not None:
            self.reading.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.reading


# --- measuring --------------------------------------------------------------------------------------------

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process (all its threads), from /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


@dataclass
class CpuSampler:
    """CPU per process over WINDOW_S windows, plus the machine's load average and Redis' own CPU."""

    pids: dict[str, int]
    windows: dict[str, list[float]] = field(default_factory=dict)
    totals: dict[str, float] = field(default_factory=dict)
    load: list[float] = field(default_factory=list)
    wall: float = 0.0

    async def run(self, stop: asyncio.Event) -> None:
        first = last = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
        first_redis = last_redis = await asyncio.to_thread(redis_cpu)
        started = previous = time.monotonic()
        self.load.append(os.getloadavg()[0])
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), WINDOW_S)
            now = time.monotonic()
            sample = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
            current_redis = await asyncio.to_thread(redis_cpu)
            span = now - previous
            if span >= WINDOW_S / 2:  # a last stub window would only add noise to the peak
                for name, value in sample.items():
                    before = last.get(name)
                    if value is not None and before is not None:
                        self.windows.setdefault(name, []).append((value - before) / span)
                self.windows.setdefault("redis-server", []).append((current_redis - last_redis) / span)
            self.load.append(os.getloadavg()[0])
            last, last_redis, previous = sample, current_redis, now
        self.wall = time.monotonic() - started
        for name, value in last.items():
            before = first.get(name)
            if value is not None and before is not None:
                self.totals[name] = (value - before) / self.wall
        self.totals["redis-server"] = (last_redis - first_redis) / self.wall


def redis_info(section: str) -> dict[str, Any]:
    import redis

    with redis.Redis.from_url(str(settings.REDIS_URL)) as client:
        return dict(client.info(section))


def redis_cpu() -> float:
    info = redis_info("cpu")
    return float(info.get("used_cpu_user", 0.0)) + float(info.get("used_cpu_sys", 0.0))


def redis_own_memory() -> tuple[int, int]:
    """(keys, bytes) of the benchmark's Redis database, by MEMORY USAGE of each key."""
    import redis

    with redis.Redis.from_url(str(settings.REDIS_URL)) as client:
        keys = list(client.scan_iter(count=1000))
        used = sum(int(client.memory_usage(key, samples=0) or 0) for key in keys)
    return len(keys), used


class SnapshotCost(TypedDict):
    """What one board's snapshot costs its web process (best of three, measured in this process)."""

    scope_ms: float  # board.scope_for: the viewer's agents and queues from the database
    read_ms: float  # livestate.read_all: every node's live state from Redis
    frame_ms: float  # board.snapshot_frame: the viewer's board
    json_ms: float  # json.dumps of the frame
    bytes: int


def snapshot_cost() -> SnapshotCost:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from callcenter.wallboard import board, livestate

    user = get_user_model().objects.get(username="scale-bench")
    best: SnapshotCost | None = None
    best_s = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        scope = board.scope_for(user)
        scoped = time.perf_counter()
        snapshots = livestate.read_all()
        read = time.perf_counter()
        frame = board.snapshot_frame(scope, snapshots, [])
        framed = time.perf_counter()
        text = json.dumps(frame, separators=(",", ":"))
        done = time.perf_counter()
        cost = SnapshotCost(
            scope_ms=1000 * (scoped - started),
            read_ms=1000 * (read - scoped),
            frame_ms=1000 * (framed - read),
            json_ms=1000 * (done - framed),
            bytes=len(text.encode()),
        )
        if best is None or done - started < best_s:
            best, best_s = cost, done - started
    connection.close()
    if best is None:
        raise RuntimeError("no snapshot measured")
    return best


def flush_own_redis() -> None:
    import redis

    with redis.Redis.from_url(str(settings.REDIS_URL)) as client:
        client.flushdb()


def bridge_connected(names: list[str]) -> bool:
    import redis

    from callcenter.live import store

    with redis.Redis.from_url(str(settings.REDIS_URL)) as client:
        return all(client.exists(f"{store.PREFIX}:{name}:heartbeat") for name in names)


_SAMPLE = re.compile(r"^(?P<name>[a-z_]+)(?:\{(?P<labels>[^}]*)\})? (?P<value>\S+)$")


def scrape_bridge(port: int) -> dict[str, float]:
    """The bridge's event counter and publish-lag histogram, summed over the nodes."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        text = response.read().decode()
    out: dict[str, float] = {}
    for line in text.splitlines():
        match = _SAMPLE.match(line)
        if match is None:
            continue
        name, labels = match["name"], match["labels"] or ""
        if name == "cc_ami_events_total":
            key = "events"
        elif name == "cc_live_publish_lag_seconds_count":
            key = "lag_count"
        elif name == "cc_live_publish_lag_seconds_sum":
            key = "lag_sum"
        elif name == "cc_live_publish_lag_seconds_bucket":
            le = re.search(r'le="([^"]+)"', labels)
            key = f"lag_le_{le[1]}" if le else ""
        else:
            continue
        out[key] = out.get(key, 0.0) + float(match["value"])
    return out


def histogram_quantile(delta: dict[str, float], fraction: float) -> float:
    """The upper bound (s) of the bucket holding the given quantile of the publish lag."""
    count = delta.get("lag_count", 0.0)
    if count <= 0:
        return float("nan")
    bounds = sorted(
        (float(key.removeprefix("lag_le_")), value)
        for key, value in delta.items()
        if key.startswith("lag_le_")
    )
    for bound, cumulative in bounds:
        if cumulative >= fraction * count:
            return bound
    return float("inf")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the run ----------------------------------------------------------------------------------------------


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


class Child:
    """A child process whose stdout carries JSON lines (read as they come, so the pipe never fills)."""

    def __init__(self, name: str, process: asyncio.subprocess.Process) -> None:
        self.name = name
        self.process = process
        self.lines: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.reading = asyncio.create_task(self._read())

    @classmethod
    async def start(cls, name: str, *args: str, stdin: bool = False) -> Child:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "benchmarks.scale",
            *args,
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stdin=asyncio.subprocess.PIPE if stdin else None,
            limit=1 << 28,
        )
        return cls(name, process)

    async def _read(self) -> None:
        if self.process.stdout is None:
            return
        while line := await self.process.stdout.readline():
            with contextlib.suppress(ValueError):
                await self.lines.put(json.loads(line))

    async def expect(self, key: str, timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RuntimeError(f"{self.name}: no {key!r} within {timeout:g} s")
            try:
                message = await asyncio.wait_for(self.lines.get(), min(remaining, 1.0))
            except TimeoutError:
                if self.process.returncode is not None:
                    raise RuntimeError(f"{self.name} exited with {self.process.returncode}") from None
                continue
            if key in message:
                return message[key]

    def send(self, line: str) -> None:
        if self.process.stdin is None:
            raise RuntimeError(f"{self.name} has no stdin")
        self.process.stdin.write(line.encode() + b"\n")

    @property
    def pid(self) -> int:
        return self.process.pid


async def stop_process(
    process: subprocess.Popen[bytes] | asyncio.subprocess.Process, timeout: float = 60
) -> None:
    """SIGTERM (every role stops cleanly on it), then SIGKILL after ``timeout`` seconds."""
    if isinstance(process, subprocess.Popen):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.to_thread(process.wait, timeout)
            except subprocess.TimeoutExpired:
                process.kill()
        return
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), timeout)
        except TimeoutError:
            process.kill()
            await process.wait()


async def wait_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError):
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing listens on port {port}")
        await asyncio.sleep(0.2)


async def main_async(args: argparse.Namespace) -> ScaleResult:
    workdir = Path(tempfile.mkdtemp(prefix="cc-scale-bench-"))
    load_at_start = os.getloadavg()
    ports = [free_port() for _ in range(args.nodes)]
    specs, cookie = await asyncio.to_thread(prepare_center, args, workdir, ports)
    names = [spec.name for spec in specs]
    await asyncio.to_thread(flush_own_redis)
    memory_before = int((await asyncio.to_thread(redis_info, "memory"))["used_memory"])
    spec_path = workdir / "nodes.json"
    spec_path.write_text(json.dumps([dataclasses.asdict(spec) for spec in specs]), encoding="utf-8")
    loader_out = workdir / "loader.json"
    metrics_port = free_port()
    web_ports = [free_port() for _ in range(args.web)]
    profile = OUT_DIR / "scale-bridge-profile.txt" if args.profile_bridge else None
    if args.profile_bridge or args.profile_web:
        OUT_DIR.mkdir(parents=True, exist_ok=True)

    children: list[Child] = []
    popen: list[subprocess.Popen[bytes]] = []
    probes: list[ProbeSession] = []
    try:
        simulators = await Child.start("simulators", "--role", "simulators", "--spec", str(spec_path))
        children.append(simulators)
        await simulators.expect("ready", 60)
        bridge_args = ["--role", "bridge", "--metrics-port", str(metrics_port), "--names", ",".join(names)]
        if profile is not None:
            bridge_args += ["--profile-out", str(profile)]
        stages_out = workdir / "stages.json"
        if args.bridge_stages:
            bridge_args += ["--stages-out", str(stages_out)]
        bridge = subprocess.Popen([sys.executable, "-m", "benchmarks.scale", *bridge_args], cwd=ROOT)
        popen.append(bridge)
        web_profile = OUT_DIR / "scale-web-profile.txt"
        webs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--factory",
                    "benchmarks.scale:asgi_app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                    "--no-access-log",
                    "--ws-per-message-deflate",
                    "true" if args.deflate else "false",
                    # A browser answers pings on its network thread; the simulated ones answer on the
                    # event loop that also parses their snapshots, which may hold it for more than the
                    # default 20 s when a hundred boards open at once on a loaded machine.
                    "--ws-ping-timeout",
                    "300",
                ],
                cwd=ROOT,
                env={**os.environ, WEB_PROFILE_ENV: str(web_profile)}
                if args.profile_web and index == 0
                else None,
            )
            for index, port in enumerate(web_ports)
        ]
        popen.extend(webs)
        loader = await Child.start(
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
        children.append(loader)
        deadline = time.monotonic() + 90
        while not await asyncio.to_thread(bridge_connected, names):
            if time.monotonic() > deadline:
                raise RuntimeError("the bridge did not connect to every node")
            if bridge.poll() is not None:
                raise RuntimeError(f"the bridge exited with {bridge.returncode}")
            await asyncio.sleep(0.25)
        for port in web_ports:
            await wait_port(port, 60)
        for spec in specs:
            session = ProbeSession(spec)
            await session.open()
            probes.append(session)
        # Paused from the start: the workload's breaks and log-outs leave paused agents alone.
        for session in probes:
            for interface in session.spec.probe_interfaces:
                session.pause(interface, "probe-init")

        urls = [f"ws://127.0.0.1:{web_ports[n % args.web]}/ws/wallboard/" for n in range(args.boards)]
        browsers: list[Child] = []
        started_connecting = time.monotonic()
        for index in range(args.browser_processes):
            mine = urls[index :: args.browser_processes]
            if not mine:
                continue
            child = await Child.start(
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
            browsers.append(child)
            children.append(child)
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
        if args.bridge_stages or args.profile_bridge:
            bridge.send_signal(signal.SIGUSR1)
        if args.profile_web:
            webs[0].send_signal(signal.SIGUSR1)
        for child in browsers:
            child.send("start")

        # The probes: PROBE_RATE a second, round-robin over the nodes and their probe agents.
        sent_at: dict[str, float] = {}
        loop = asyncio.get_running_loop()
        started = loop.time()
        count = 0
        while loop.time() - started < args.seconds:
            session = probes[count % len(probes)]
            interface = session.spec.probe_interfaces[(count // len(probes)) % PROBES_PER_NODE]
            reason = f"probe-{count}"
            sent_at[reason] = time.perf_counter()
            session.pause(interface, reason)
            count += 1
            await asyncio.sleep(max(0.0, started + count / PROBE_RATE - loop.time()))
        sampling_stop.set()
        if args.bridge_stages or args.profile_bridge:
            bridge.send_signal(signal.SIGUSR2)
        if args.profile_web:
            webs[0].send_signal(signal.SIGUSR2)
        await sampling
        measured_wall = loop.time() - started
        metrics_after = await asyncio.to_thread(scrape_bridge, metrics_port)
        memory_end = int((await asyncio.to_thread(redis_info, "memory"))["used_memory"])
        own_keys, own_bytes = await asyncio.to_thread(redis_own_memory)
        snapshot = await asyncio.to_thread(snapshot_cost)

        # The last state of every probe agent; every board must end up showing exactly that.
        final: dict[str, str] = {}
        for session in probes:
            for number, interface in enumerate(session.spec.probe_interfaces):
                final[interface] = f"final-{session.spec.name}-{number}"
                session.pause(interface, final[interface])
        for child in browsers:
            child.send(json.dumps(final))
        reports: list[BrowserReport] = [await child.expect("report", 120) for child in browsers]
        load_at_end = os.getloadavg()

        # The bridge and the web processes first: the nodes must not vanish under a running bridge.
        for process in popen:
            await stop_process(process, 20)
        await stop_process(loader.process, 120)
        await stop_process(simulators.process)
        node_stats: list[NodeStats] = await simulators.expect("stats", 30)
    finally:
        for session in probes:
            await session.close()
        for child in children:
            await stop_process(child.process)
        for process in popen:
            await stop_process(process)
        for child in children:
            child.reading.cancel()
        await asyncio.to_thread(flush_own_redis)

    loader_data = (
        json.loads(loader_out.read_text()) if loader_out.exists() else {"loads": [], "backlog_s": {}}
    )
    stages: dict[str, StageFigure] = json.loads(stages_out.read_text()) if stages_out.exists() else {}
    if args.keep_workdir:
        print(f"  work directory        : {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)

    # time.perf_counter is CLOCK_MONOTONIC on Linux: one clock for this process and the browsers'.
    latencies = [
        (moment - sent_at[reason]) * 1000
        for report in reports
        for seen in report["seen"]
        for reason, moment in seen.items()
        if reason in sent_at
    ]
    boards = sum(report["clients"] for report in reports)
    delta = {key: metrics_after.get(key, 0.0) - metrics_before.get(key, 0.0) for key in metrics_after}
    loads: list[LoadRecord] = [
        load for load in loader_data["loads"] if load["started"] >= measure_started_epoch
    ]
    rounds: dict[int, float] = {}
    for load in loads:
        bucket = int((load["started"] - measure_started_epoch) // args.loader_interval)
        rounds[bucket] = rounds.get(bucket, 0.0) + load["finished"] - load["started"]
    bridge_windows = sampler.windows.get("bridge", [])
    result = ScaleResult(
        nodes=args.nodes,
        agents_per_node=args.agents,
        calls_per_hour_per_node=args.rate,
        boards=boards,
        boards_connected=connected,
        board_connect_p50_s=percentile(connect_times, 0.5),
        board_connect_max_s=max(connect_times),
        web_processes=args.web,
        browser_processes=len(reports),
        varset=args.varset,
        ws_deflate=args.deflate,
        seconds=measured_wall,
        loader_interval_s=args.loader_interval,
        load_average={
            "start_1min": load_at_start[0],
            "mean_1min_during": statistics.mean(sampler.load) if sampler.load else float("nan"),
            "max_1min_during": max(sampler.load) if sampler.load else float("nan"),
            "end_1min": load_at_end[0],
            "end_5min": load_at_end[1],
        },
        events_per_s=delta.get("events", 0.0) / measured_wall,
        deltas_per_s=delta.get("lag_count", 0.0) / measured_wall,
        calls_started=sum(stat["calls"] for stat in node_stats),
        queue_log_lines=sum(stat["queue_log_lines"] for stat in node_stats),
        bridge_cpu_mean=sampler.totals.get("bridge", float("nan")),
        bridge_cpu_peak=max(bridge_windows) if bridge_windows else float("nan"),
        bridge_cpu_windows=[round(value, 3) for value in bridge_windows],
        cpu_mean_by_process={name: round(value, 3) for name, value in sampler.totals.items()},
        bridge_publish_lag_mean_ms=1000 * delta.get("lag_sum", 0.0) / max(delta.get("lag_count", 0.0), 1.0),
        bridge_publish_lag_p99_le_ms=1000 * histogram_quantile(delta, 0.99),
        probes=len(sent_at),
        delivered_pct=100.0 * len(latencies) / max(len(sent_at) * boards, 1),
        latency_p50_ms=percentile(latencies, 0.50),
        latency_p90_ms=percentile(latencies, 0.90),
        latency_p99_ms=percentile(latencies, 0.99),
        latency_max_ms=max(latencies) if latencies else float("nan"),
        frames_per_board_s=sum(report["frames"] for report in reports) / max(connected, 1) / measured_wall,
        kib_per_board_s=sum(report["bytes"] for report in reports) / 1024 / max(connected, 1) / measured_wall,
        resnapshots=sum(report["snapshots"] for report in reports) - boards,
        final_state=f"{sum(report['consistent'] for report in reports)}/{boards}",
        browser_errors=sum(len(report["errors"]) for report in reports),
        browser_error_kinds=sorted({error[:120] for report in reports for error in report["errors"]})[:5],
        probe_errors=sum(session.errors for session in probes),
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
        loader_backlog_at_end_s=max(loader_data["backlog_s"].values(), default=0.0),
        redis_used_memory_before=memory_before,
        redis_used_memory_end=memory_end,
        redis_own_keys=own_keys,
        redis_own_bytes=own_bytes,
        bridge_cpu_ms_per_1000_events=1e6
        * sampler.totals.get("bridge", float("nan"))
        / max(delta.get("events", 0.0) / measured_wall, 1.0),
        board_snapshot=snapshot,
        bridge_stages=stages,
        goals={},
    )
    result.goals = {
        "bridge under half a core (mean)": result.bridge_cpu_mean < 0.5,
        "p99 <= 150 ms": result.latency_p99_ms <= 150,
        "loader lag <= 60 s": result.loader_lag_max_s <= 60,
    }
    return result


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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
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
