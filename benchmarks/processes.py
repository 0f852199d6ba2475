"""The benchmarks' processes: the ASGI server's command line, a free port and waiting for it to listen,
and a stop event set by SIGTERM or SIGINT."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import sys
import time


def uvicorn_command(app_factory: str, port: int, *options: str) -> list[str]:
    """Serve ``app_factory`` (``module:function``) on 127.0.0.1:``port``, warnings only, no access log."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        app_factory,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
        *options,
    ]


def stop_on_signals() -> asyncio.Event:
    """An event of the running loop that SIGTERM or SIGINT sets."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    return stop


async def wait_port(port: int, timeout: float) -> None:
    """Until something accepts connections on 127.0.0.1:``port``; RuntimeError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError):
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing listens on port {port}")
        await asyncio.sleep(0.2)


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on (as the system hands them out)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
