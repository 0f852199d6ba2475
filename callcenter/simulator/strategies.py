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
    order: int = -1  # the member's place in app_queue's list of call attempts (-1: its position)

    @property
    def rank(self) -> int:
        return self.position if self.order < 0 else self.order


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
    in_order = sorted(candidates, key=lambda member: member.rank)
    best = min(scored[member.key] for member in in_order)
    if strategy == "ringall":
        return [member.key for member in in_order if scored[member.key] == best]
    # Ties go to the member earliest in the list, as app_queue's find_best scans in order.
    return [next(member.key for member in in_order if scored[member.key] == best)]


# app_queue keeps a queue's members in a hash container of this many buckets, except for the strategies
# that depend on the order of the members (linear, rrordered), which get a plain list.
MEMBER_BUCKETS = 37


def _compress_char(char: str) -> int:
    code = ord(char) & 0x7F
    if code < 32:
        return 0
    return code - 64 if code > 96 else code - 32


def member_hash(interface: str) -> int:
    """app_queue's member_hash_fn: the first five characters from the interface's ``/`` on."""
    slash = interface.find("/")
    name = interface[slash:] if slash >= 0 else interface
    return sum(_compress_char(char) << (index * 6) for index, char in enumerate(name[:5]))


def attempt_order(strategy: str, interfaces: Sequence[str]) -> dict[str, int]:
    """Each member's place in the list try_calling builds (``interfaces`` in the order they were added).

    try_calling walks the member container and puts each member at the head of its list, so the list is
    the container's order reversed; find_best takes the first of equal metrics in that list. A hash
    container is walked bucket by bucket (``member_hash % 37``), members of one bucket in the order they
    were added; a list container (linear, rrordered) in the order they were added.
    """
    if strategy in ("linear", "rrordered"):
        walk = list(interfaces)
    else:
        indexed = sorted(
            enumerate(interfaces), key=lambda item: (member_hash(item[1]) % MEMBER_BUCKETS, item[0])
        )
        walk = [interface for _, interface in indexed]
    return {interface: len(walk) - 1 - index for index, interface in enumerate(walk)}


def next_cursor(
    strategy: str, members: Sequence[Candidate], chosen: str, *, now: float, rng: random.Random, cursor: int
) -> int:
    """The rrmemory/rrordered queue cursor (rrpos) or the linear caller cursor (linpos) after a ring.

    ``members`` are all the queue's members, available or not, as try_calling scores them: the ones before
    ``chosen`` in metric order were tried and could not ring; the next one after it is where the next ring
    starts (store_next_rr / store_next_lin). With none after it, the cursor starts over when some member
    stands beyond it (app_queue's "wrapped") and moves on by one otherwise.
    """
    scored = metrics(strategy, members, now=now, rng=rng, rrpos=cursor, linpos=cursor)
    ranked = sorted(members, key=lambda member: (scored[member.key], member.rank))
    keys = [member.key for member in ranked]
    after = ranked[keys.index(chosen) + 1 :] if chosen in keys else []
    if after:
        return scored[after[0].key] % 1000
    wrapped = any(member.position > cursor for member in members)
    return 0 if wrapped else cursor + 1
