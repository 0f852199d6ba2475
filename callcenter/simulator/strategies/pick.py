"""app_queue's find_best and store_next_rr / store_next_lin: whom to ring now, and where the next ring starts."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Unpack

from callcenter.simulator.strategies.candidate import Candidate
from callcenter.simulator.strategies.metric import MetricInputs, metrics


def choose(strategy: str, candidates: Sequence[Candidate], **inputs: Unpack[MetricInputs]) -> list[str]:
    """The keys of the member(s) to ring now: all best-metric members for ringall, else the single best."""
    if not candidates:
        return []
    scored = metrics(strategy, candidates, **inputs)
    in_order = sorted(candidates, key=lambda member: member.rank)
    best = min(scored[member.key] for member in in_order)
    if strategy == "ringall":
        return [member.key for member in in_order if scored[member.key] == best]
    # Ties go to the member earliest in the list, as app_queue's find_best scans in order.
    return [next(member.key for member in in_order if scored[member.key] == best)]


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
