"""Erlang C: how many agents a queue needs for a service level and an average speed of answer."""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_AGENTS = 10_000


def erlang_c(agents: int, traffic: float) -> float:
    """Probability that a call waits, with ``agents`` agents and ``traffic`` Erlangs offered."""
    if traffic <= 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    # Erlang B by its stable recurrence, then C from B.
    inverse_b = 1.0
    for k in range(1, agents + 1):
        inverse_b = 1.0 + inverse_b * k / traffic
    erlang_b = 1.0 / inverse_b
    return agents * erlang_b / (agents - traffic * (1.0 - erlang_b))


def service_level(agents: int, traffic: float, aht_s: float, target_s: float) -> float:
    """Share of calls answered within ``target_s`` seconds (0..1)."""
    if traffic <= 0:
        return 1.0
    if agents <= traffic:
        return 0.0
    return 1.0 - erlang_c(agents, traffic) * math.exp(-(agents - traffic) * target_s / aht_s)


def average_speed_of_answer(agents: int, traffic: float, aht_s: float) -> float:
    """Mean wait of all calls in seconds (infinite when the agents cannot carry the traffic)."""
    if traffic <= 0:
        return 0.0
    if agents <= traffic:
        return math.inf
    return erlang_c(agents, traffic) * aht_s / (agents - traffic)


@dataclass(frozen=True)
class Staffing:
    """Agents needed for one interval: on the phones, and scheduled once shrinkage is added."""

    calls: float
    aht_s: float
    traffic: float
    agents: int
    scheduled: int
    service_level_pct: float
    asa_s: float


def agents_needed(
    calls: float,
    interval_s: int,
    aht_s: float,
    *,
    target_sl_pct: float = 80.0,
    target_s: float = 20.0,
    max_asa_s: float | None = None,
    shrinkage_pct: float = 0.0,
) -> Staffing:
    """The fewest agents meeting the service level (and the ASA, when given), plus shrinkage."""
    traffic = calls * aht_s / interval_s if interval_s > 0 else 0.0
    if traffic <= 0:
        return Staffing(calls, aht_s, 0.0, 0, 0, 100.0, 0.0)
    agents = max(1, math.floor(traffic) + 1)
    while agents < MAX_AGENTS:
        level = service_level(agents, traffic, aht_s, target_s)
        asa = average_speed_of_answer(agents, traffic, aht_s)
        if level * 100 >= target_sl_pct and (max_asa_s is None or asa <= max_asa_s):
            break
        agents += 1
    scheduled = math.ceil(agents / (1 - shrinkage_pct / 100)) if shrinkage_pct < 100 else agents
    return Staffing(
        calls=calls,
        aht_s=aht_s,
        traffic=round(traffic, 2),
        agents=agents,
        scheduled=scheduled,
        service_level_pct=round(service_level(agents, traffic, aht_s, target_s) * 100, 2),
        asa_s=round(average_speed_of_answer(agents, traffic, aht_s), 2),
    )
