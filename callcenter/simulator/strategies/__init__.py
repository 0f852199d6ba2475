"""Who rings next: app_queue's calc_metric / find_best for every strategy.

Each available member gets a metric; the lowest metric rings (ringall: every member sharing the lowest metric).
Penalty adds ``penalty * 1_000_000`` (so a lower penalty tier always wins), except for wrandom, where the
penalty widens the random range instead, as in app_queue.
"""

from callcenter.simulator.strategies.candidate import Candidate
from callcenter.simulator.strategies.metric import PENALTY_WEIGHT, MetricInputs, metrics
from callcenter.simulator.strategies.order import MEMBER_BUCKETS, attempt_order, member_hash
from callcenter.simulator.strategies.pick import choose, next_cursor

__all__ = [
    "MEMBER_BUCKETS",
    "PENALTY_WEIGHT",
    "Candidate",
    "MetricInputs",
    "attempt_order",
    "choose",
    "member_hash",
    "metrics",
    "next_cursor",
]
