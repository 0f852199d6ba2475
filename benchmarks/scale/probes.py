"""Probes: pauses of the probe agents through each simulator's AMI, whose frames the boards time."""

from __future__ import annotations

import asyncio
import contextlib
import time

from benchmarks.scale.center import AMI_USER, PROBES_PER_NODE, NodeSpec

PROBE_RATE = 10.0


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


async def open_probes(specs: list[NodeSpec], probes: list[ProbeSession]) -> None:
    """Open a session to every node into ``probes`` and pause its probe agents (the workload's breaks and
    log-outs leave paused agents alone)."""
    for spec in specs:
        session = ProbeSession(spec)
        await session.open()
        probes.append(session)
    for session in probes:
        for interface in session.spec.probe_interfaces:
            session.pause(interface, "probe-init")


async def send_probes(probes: list[ProbeSession], seconds: float) -> tuple[dict[str, float], float]:
    """PROBE_RATE pauses a second for ``seconds``, round-robin over the nodes and their probe agents.
    Returns when each reason was sent (``time.perf_counter``) and when the first was (the loop's clock)."""
    sent_at: dict[str, float] = {}
    loop = asyncio.get_running_loop()
    started = loop.time()
    count = 0
    while loop.time() - started < seconds:
        session = probes[count % len(probes)]
        interface = session.spec.probe_interfaces[(count // len(probes)) % PROBES_PER_NODE]
        reason = f"probe-{count}"
        sent_at[reason] = time.perf_counter()
        session.pause(interface, reason)
        count += 1
        await asyncio.sleep(max(0.0, started + count / PROBE_RATE - loop.time()))
    return sent_at, started


def pause_finally(probes: list[ProbeSession]) -> dict[str, str]:
    """Give every probe agent its last reason; every board must end up showing exactly these."""
    final: dict[str, str] = {}
    for session in probes:
        for number, interface in enumerate(session.spec.probe_interfaces):
            final[interface] = f"final-{session.spec.name}-{number}"
            session.pause(interface, final[interface])
    return final
