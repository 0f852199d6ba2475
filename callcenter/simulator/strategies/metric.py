"""app_queue's calc_metric: the metric each member gets under each strategy (the lowest rings)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import NotRequired, TypedDict

from callcenter.simulator.strategies.candidate import Candidate

PENALTY_WEIGHT = 1_000_000


class MetricInputs(TypedDict):
    """What a metric reads besides the member: the time, the random source and the round-robin cursors."""

    now: float
    rng: random.Random
    rrpos: NotRequired[int]
    linpos: NotRequired[int]


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
