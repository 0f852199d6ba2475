"""Who rings next: app_queue's calc_metric / find_best for every strategy.

Each available member gets a metric; the lowest metric rings (ringall: every member sharing the lowest metric).
Penalty adds ``penalty * 1_000_000`` (so a lower penalty tier always wins), except for wrandom, where the
penalty widens the random range instead, as in app_queue.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

PENALTY_WEIGHT = 1_000_000


@dataclass(frozen=True)
class Candidate:
    """What a strategy needs to know about one available member."""

    key: str
    position: int
    penalty: int
    calls: int
    last_call: float


@dataclass
class RoundRobinState:
    """The queue-level cursor that rrmemory/rrordered keep between callers (app_queue's rrpos)."""

    rrpos: int = 0


def metrics(
    strategy: str,
    candidates: Sequence[Candidate],
    *,
    now: float,
    rng: random.Random,
    rrpos: int = 0,
    linpos: int = 0,
) -> dict[str, int]:
    """The metric app_queue computes for each candidate under ``strategy``."""
    result: dict[str, int] = {}
    for member in candidates:
        penalty_part = member.penalty * PENALTY_WEIGHT
        if strategy == "ringall":
            metric = penalty_part
        elif strategy == "linear":
            metric = (member.position if member.position >= linpos else 1000 + member.position) + penalty_part
        elif strategy in ("rrmemory", "rrordered"):
            metric = (member.position if member.position >= rrpos else 1000 + member.position) + penalty_part
        elif strategy == "random":
            metric = rng.randrange(1000) + penalty_part
        elif strategy == "wrandom":
            metric = rng.randrange((1 + member.penalty) * 1000)
        elif strategy == "fewestcalls":
            metric = member.calls + penalty_part
        elif strategy == "leastrecent":
            metric = 0 if not member.last_call else 1_000_000 - int(now - member.last_call)
            metric += penalty_part
        else:
            raise ValueError(f"unknown strategy {strategy!r}")
        result[member.key] = metric
    return result


def choose(
    strategy: str,
    candidates: Sequence[Candidate],
    *,
    now: float,
    rng: random.Random,
    rrpos: int = 0,
    linpos: int = 0,
) -> list[str]:
    """The keys of the member(s) to ring now: all best-metric members for ringall, else the single best."""
    if not candidates:
        return []
    scored = metrics(strategy, candidates, now=now, rng=rng, rrpos=rrpos, linpos=linpos)
    by_position = sorted(candidates, key=lambda member: member.position)
    best = min(scored[member.key] for member in by_position)
    if strategy == "ringall":
        return [member.key for member in by_position if scored[member.key] == best]
    # Ties go to the member earliest in the list, as app_queue's find_best scans in order.
    return [next(member.key for member in by_position if scored[member.key] == best)]
