"""Wallboard latency: an AMI event written to the bridge's socket, to the frame a browser's WebSocket receives.

Three processes on 127.0.0.1, as in production: this one plays Asterisk (an AMI server that paces the
recorded s01-s07 events, renumbered per copy, at the requested rate) and the browsers (WebSocket
clients of the ``websockets`` package, signed in as an administrator through a session cookie); a second
process runs the AMI bridge (``callcenter.live.bridge.run_bridge``: parse, reduce, Redis store, channel
layer); a third runs uvicorn with the project's ASGI stack and the wallboard consumer. The channel layer
is channels-redis' pub/sub layer on the real Redis.

Latency is measured with probe events mixed into the stream: ten a second, each a QueueMemberPause of one
of 20 probe members with a unique pause reason. Each client notes when the frame carrying that reason
arrives; the time starts just before the event is written to the bridge's socket. At the end every
probe member gets a last pause reason and every client must show all of them (no state lost).

    cd /work/main && DJANGO_DEBUG=1 REDIS_URL=redis://127.0.0.1:6379/15 .venv/bin/python -m benchmarks.wallboard_latency

Without DATABASE_URL a temporary SQLite database is created and migrated (that takes a few seconds);
with a PostgreSQL DATABASE_URL the benchmark uses its own database on that server (cc_bench_wallboard,
or BENCH_DATABASE), created and migrated if needed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __name__ == "__main__" and "--role" not in sys.argv:
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
    # The three processes must share one key: it signs the session cookie and encrypts the AMI secret.
    os.environ.setdefault("SECRET_KEY", "wallboard-benchmark-" + secrets.token_urlsafe(32))
    if not os.environ.get("DATABASE_URL"):
        os.environ["CALLCENTER_VAR_DIR"] = tempfile.mkdtemp(prefix="wallboard-bench-")
    else:
        # A PostgreSQL database of its own (created and migrated in prepare_database), shared with
        # the web and bridge processes through the environment.
        from benchmarks.database import use_own_database

        use_own_database("cc_bench_wallboard")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

SERVER_NAME = "wbbench"
PROBE_MEMBERS = 20
PROBE_RATE = 10.0
TICK_S = 0.01
BANNER = b"Asterisk Call Manager/11.0.0\r\n"


def asgi_app() -> Any:
    """The project's ASGI stack with the wallboard route (uvicorn --factory)."""
    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator
    from django.core.asgi import get_asgi_application

    from callcenter.wallboard.routing import websocket_urlpatterns

    return ProtocolTypeRouter(
        {
            "http": get_asgi_application(),
            "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
        }
    )


# --- the recorded traffic -----------------------------------------------------------------------------


def background_events(copies: int) -> list[bytes]:
    """Event frames of the recordings, renumbered per copy so that every call is a new call."""
    from benchmarks.ami_ingest import build_stream

    stream, _ = build_stream(copies)
    frames = stream.split(b"\r\n", 1)[1].split(b"\r\n\r\n")
    return [frame + b"\r\n\r\n" for frame in frames if frame.startswith(b"Event: ")]


def _frame(*headers: tuple[str, str]) -> bytes:
    return ("".join(f"{key}: {value}\r\n" for key, value in headers) + "\r\n").encode()


def probe_interface(number: int) -> str:
    return f"Local/{1900 + number}@agents/n"


def probe_event(number: int, reason: str) -> bytes:
    interface = probe_interface(number)
    return _frame(
        ("Event", "QueueMemberPause"),
        ("Privilege", "agent,all"),
        ("Queue", "probe"),
        ("MemberName", f"Probe {number}"),
        ("Interface", interface),
        ("StateInterface", interface),
        ("Membership", "static"),
        ("Penalty", "0"),
        ("CallsTaken", "0"),
        ("LastCall", "0"),
        ("LastPause", "0"),
        ("LoginTime", "0"),
        ("InCall", "0"),
        ("Status", "1"),
        ("Paused", "1"),
        ("PausedReason", reason),
        ("Ringinuse", "0"),
        ("Wrapuptime", "0"),
    )


class PacedAMIServer:
    """Answers the bridge's login and resync, then writes events at a fixed rate when told to."""

    def __init__(self) -> None:
        self.writers: list[asyncio.StreamWriter] = []
        self.ready = asyncio.Event()
        self.sent_at: dict[str, float] = {}
        self.port = 0

    async def start(self) -> None:
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self.server = server

    def _status(self, action_id: str) -> bytes:
        out = _frame(
            ("Response", "Success"),
            ("ActionID", action_id),
            ("EventList", "start"),
            ("Message", "Queue status will follow"),
        )
        out += _frame(
            ("Event", "QueueParams"),
            ("Queue", "probe"),
            ("Max", "0"),
            ("Strategy", "ringall"),
            ("Calls", "0"),
            ("ServiceLevel", "20"),
            ("ActionID", action_id),
        )
        for number in range(PROBE_MEMBERS):
            interface = probe_interface(number)
            out += _frame(
                ("Event", "QueueMember"),
                ("Queue", "probe"),
                ("Name", f"Probe {number}"),
                ("Location", interface),
                ("StateInterface", interface),
                ("Membership", "static"),
                ("Penalty", "0"),
                ("Status", "1"),
                ("Paused", "0"),
                ("PausedReason", ""),
                ("Wrapuptime", "0"),
                ("ActionID", action_id),
            )
        return out + _frame(
            ("Event", "QueueStatusComplete"),
            ("ActionID", action_id),
            ("EventList", "Complete"),
            ("ListItems", str(PROBE_MEMBERS + 1)),
        )

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        from callcenter.ami.protocol import FrameParser

        writer.write(BANNER)
        parser = FrameParser(expect_banner=False)
        with contextlib.suppress(ConnectionError):
            while data := await reader.read(65536):
                for message in parser.feed(data):
                    action = (message.get("Action") or "").lower()
                    action_id = message.action_id or ""
                    if action == "login":
                        writer.write(
                            _frame(
                                ("Response", "Success"),
                                ("ActionID", action_id),
                                ("Message", "Authentication accepted"),
                            )
                        )
                    elif action == "queuestatus":
                        writer.write(self._status(action_id))
                    elif action == "coreshowchannels":
                        writer.write(
                            _frame(
                                ("Response", "Success"),
                                ("ActionID", action_id),
                                ("EventList", "start"),
                                ("Message", "Channels will follow"),
                            )
                        )
                        writer.write(
                            _frame(
                                ("Event", "CoreShowChannelsComplete"),
                                ("ActionID", action_id),
                                ("EventList", "Complete"),
                                ("ListItems", "0"),
                            )
                        )
                        self.writers.append(writer)
                        self.ready.set()
                    else:
                        writer.write(
                            _frame(("Response", "Success"), ("ActionID", action_id), ("Ping", "Pong"))
                        )
                await writer.drain()

    async def stream(self, events: list[bytes], rate: float, seconds: float) -> tuple[int, int]:
        """Write ``rate`` events a second for ``seconds``, probes included; returns (events, probes)."""
        per_tick = rate * TICK_S
        probe_every = 1.0 / PROBE_RATE
        loop = asyncio.get_running_loop()
        started = loop.time()
        next_probe = started
        sent = probes = 0
        budget = 0.0
        index = 0
        while (now := loop.time()) - started < seconds:
            budget += per_tick
            chunk: list[bytes] = []
            while budget >= 1:
                if now >= next_probe:
                    reason = f"probe-{probes}"
                    chunk.append(probe_event(probes % PROBE_MEMBERS, reason))
                    self.sent_at[reason] = time.perf_counter()
                    probes += 1
                    next_probe += probe_every
                else:
                    chunk.append(events[index % len(events)])
                    index += 1
                budget -= 1
                sent += 1
            self.write(b"".join(chunk))
            await asyncio.sleep(max(0.0, started + (sent / rate) - loop.time()))
        return sent, probes

    def write(self, data: bytes) -> None:
        for writer in self.writers:
            writer.write(data)


# --- the browsers -----------------------------------------------------------------------------------------


class Client:
    """One wallboard in a browser: keeps the board's state and notes when each probe arrives."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.agents: dict[str, dict[str, Any]] = {}
        self.seen: dict[str, float] = {}
        self.snapshots = 0
        self.frames = 0
        self.snapshot_event = asyncio.Event()

    def apply(self, frame: dict[str, Any], received: float) -> None:
        self.frames += 1
        if frame["type"] == "snapshot":
            self.snapshots += 1
            self.agents = dict(frame["agents"])
            self.snapshot_event.set()
        for key, agent in (frame.get("agents") or {}).items():
            if agent is None:
                self.agents.pop(key, None)
                continue
            self.agents[key] = agent
            reason = agent.get("pause_reason") or ""
            if reason.startswith("probe-") and reason not in self.seen:
                self.seen[reason] = received

    async def run(self, url: str, cookie: str, origin: str, stop: asyncio.Event) -> None:
        import websockets
        from websockets.typing import Origin

        async with websockets.connect(
            url,
            additional_headers={"Cookie": cookie},
            origin=Origin(origin),
            max_size=None,
        ) as socket_:
            while not stop.is_set():
                try:
                    raw = await asyncio.wait_for(socket_.recv(), 0.5)
                except TimeoutError:
                    continue
                self.apply(json.loads(raw), time.perf_counter())


# --- set-up and the run -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare_database(ami_port: int) -> str:
    """Tables, the node pointing at our AMI server and an administrator's session cookie."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from callcenter.pbx.models import AsteriskServer

    if not os.environ.get("DATABASE_URL"):
        call_command("migrate", verbosity=0)
    else:
        from benchmarks.database import prepare

        prepare()
    AsteriskServer.objects.update_or_create(
        name=SERVER_NAME,
        defaults={
            "ami_host": "127.0.0.1",
            "ami_port": ami_port,
            "ami_username": "bench",
            "ami_secret": "bench-secret",
        },
    )
    AsteriskServer.objects.exclude(name=SERVER_NAME).update(enabled=False)
    user, _ = get_user_model().objects.update_or_create(
        username="wallboard-bench", defaults={"role": "admin", "is_active": True}
    )
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"


def clear_live_store() -> None:
    import redis

    from callcenter.live import store

    with redis.Redis.from_url(str(settings.REDIS_URL)) as client:
        keys = list(client.scan_iter(f"{store.PREFIX}:{SERVER_NAME}:*"))
        if keys:
            client.delete(*keys)
        client.srem(f"{store.PREFIX}:servers", SERVER_NAME)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def measure(
    ami: PacedAMIServer,
    events: list[bytes],
    url: str,
    cookie: str,
    origin: str,
    clients_n: int,
    rate: float,
    seconds: float,
) -> dict[str, Any]:
    stop = asyncio.Event()
    clients = [Client(number) for number in range(clients_n)]
    tasks = [asyncio.create_task(client.run(url, cookie, origin, stop)) for client in clients]
    await asyncio.wait_for(asyncio.gather(*(c.snapshot_event.wait() for c in clients)), 60)
    ami.sent_at.clear()
    started = time.perf_counter()
    sent, probes = await ami.stream(events, rate, seconds)
    elapsed = time.perf_counter() - started
    # The last state of every probe member, then every client must show exactly that.
    final = {probe_interface(n): f"final-{n}-{clients_n}" for n in range(PROBE_MEMBERS)}
    ami.write(b"".join(probe_event(n, final[probe_interface(n)]) for n in range(PROBE_MEMBERS)))
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline and not all(
        all((c.agents.get(iface) or {}).get("pause_reason") == reason for iface, reason in final.items())
        for c in clients
    ):
        await asyncio.sleep(0.05)
    consistent = sum(
        all((c.agents.get(iface) or {}).get("pause_reason") == reason for iface, reason in final.items())
        for c in clients
    )
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    latencies = [
        (client.seen[reason] - ami.sent_at[reason]) * 1000
        for client in clients
        for reason in client.seen
        if reason in ami.sent_at
    ]
    return {
        "clients": clients_n,
        "events_per_s": sent / elapsed,
        "probes": probes,
        "delivered_pct": 100.0 * len(latencies) / max(probes * clients_n, 1),
        "p50": percentile(latencies, 0.50) if latencies else float("nan"),
        "p90": percentile(latencies, 0.90) if latencies else float("nan"),
        "p99": percentile(latencies, 0.99) if latencies else float("nan"),
        "max": max(latencies) if latencies else float("nan"),
        "frames_per_client_s": statistics.mean(c.frames for c in clients) / elapsed,
        "resnapshots": sum(c.snapshots - 1 for c in clients),
        "final_state_ok": f"{consistent}/{clients_n}",
    }


async def run_bridge_role() -> None:
    from callcenter.live.bridge import run_bridge

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await run_bridge(stop, [SERVER_NAME], ping_interval=0)


async def main_async(args: argparse.Namespace) -> None:
    ami = PacedAMIServer()
    await ami.start()
    cookie = await asyncio.to_thread(prepare_database, ami.port)
    await asyncio.to_thread(clear_live_store)
    events = background_events(args.copies)
    port = _free_port()
    env = {**os.environ}
    root = Path(__file__).resolve().parent.parent
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "benchmarks.wallboard_latency:asgi_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=root,
        env=env,
    )
    bridge = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.wallboard_latency", "--role", "bridge"], cwd=root, env=env
    )
    try:
        await asyncio.wait_for(ami.ready.wait(), 60)
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                _reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.close()
                break
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            await asyncio.sleep(0.1)
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
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
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
