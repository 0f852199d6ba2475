"""One measured run: clients connect, the paced stream plays with its probes, latencies are read off."""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import TypedDict

from benchmarks.wallboard_latency.asterisk import PROBE_MEMBERS, PacedAMIServer, probe_event, probe_interface
from benchmarks.wallboard_latency.client import Client


def percentile(values: list[float], fraction: float) -> float:
    """The value at ``fraction`` of the sorted ``values`` (nearest rank); NaN when there are none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")


class LatencyRow(TypedDict):
    """One line of the table: a number of clients and what they saw."""

    clients: int
    events_per_s: float
    probes: int
    delivered_pct: float
    p50: float
    p90: float
    p99: float
    max: float
    frames_per_client_s: float
    resnapshots: int
    final_state_ok: str


async def measure(
    ami: PacedAMIServer,
    events: list[bytes],
    url: str,
    cookie: str,
    origin: str,
    clients_n: int,
    rate: float,
    seconds: float,
) -> LatencyRow:
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
    while time.perf_counter() < deadline and not all(client.shows(final) for client in clients):
        await asyncio.sleep(0.05)
    consistent = sum(client.shows(final) for client in clients)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    latencies = [
        (client.seen[reason] - ami.sent_at[reason]) * 1000
        for client in clients
        for reason in client.seen
        if reason in ami.sent_at
    ]
    return LatencyRow(
        clients=clients_n,
        events_per_s=sent / elapsed,
        probes=probes,
        delivered_pct=100.0 * len(latencies) / max(probes * clients_n, 1),
        p50=percentile(latencies, 0.50),
        p90=percentile(latencies, 0.90),
        p99=percentile(latencies, 0.99),
        max=max(latencies) if latencies else float("nan"),
        frames_per_client_s=statistics.mean(c.frames for c in clients) / elapsed,
        resnapshots=sum(c.snapshots - 1 for c in clients),
        final_state_ok=f"{consistent}/{clients_n}",
    )
