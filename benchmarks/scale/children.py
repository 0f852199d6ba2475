"""Child processes of the orchestrator: the roles run as ``python -m benchmarks.scale --role ...``."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent


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
