"""Pacing: how many calls a campaign should place right now.

One interface (``PacingEngine.decide(state) -> int``), three engines. They are pure: everything they look
at is in ``PacingState``, so the Celery loop, the unit tests and ``dialer_simulate`` run the same code.

The predictive engine is an analytic controller in the spirit of VICIdial's ADAPT modes. It estimates,
with a normal approximation, how many answered calls would find no agent within the answer horizon:
the answers of the calls already ringing (each weighted by how likely a call of its age still is to be
answered) plus those of the new calls, against the free agents plus the busy agents expected to finish
within the horizon (Poisson, from the measured handle time). It adds calls one at a time while the
marginal one's chance of being answered and abandoned stays under a budget: the target abandon rate
times an adaptive gain that the measured rolling abandon rate steers. When the measured rate reaches
the target, it stops dialing ahead at once and dials only for free agents.
"""

from callcenter.dialer.pacing.engines import PreviewEngine, ProgressiveEngine, engine_for
from callcenter.dialer.pacing.predictive import PredictiveEngine
from callcenter.dialer.pacing.state import BRIDGE_GRACE_S, PacingEngine, PacingState
from callcenter.dialer.pacing.stats import CallStats
from callcenter.dialer.pacing.window import OutcomeWindow

__all__ = [
    "BRIDGE_GRACE_S",
    "CallStats",
    "OutcomeWindow",
    "PacingEngine",
    "PacingState",
    "PredictiveEngine",
    "PreviewEngine",
    "ProgressiveEngine",
    "engine_for",
]
