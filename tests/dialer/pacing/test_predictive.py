"""The predictive engine's edges: no measured answers, the gain's bounds and pace, waiting calls."""

from __future__ import annotations

from callcenter.dialer.pacing import PredictiveEngine
from tests.dialer.pacing.states import measured, state


def test_without_any_answered_call_it_dials_only_for_free_agents() -> None:
    assert PredictiveEngine().decide(state(stats=measured(answer_rate=0.0))) == 5


def test_the_gain_grows_while_abandons_stay_well_under_the_aim() -> None:
    engine = PredictiveEngine()
    engine.decide(state(stats=measured(abandon_pct=0.5)))
    assert engine.gain == 1.05


def test_the_gain_adapts_at_most_once_a_minute() -> None:
    engine = PredictiveEngine()
    low = measured(abandon_pct=0.5)
    engine.decide(state(now=10_000.0, stats=low))
    engine.decide(state(now=10_030.0, stats=low))
    assert engine.gain == 1.05
    engine.decide(state(now=10_060.0, stats=low))
    assert engine.gain == 1.05 * 1.05


def test_the_gain_stays_within_its_bounds() -> None:
    growing = PredictiveEngine(gain=1.99)
    growing.decide(state(stats=measured(abandon_pct=0.5)))
    assert growing.gain == growing.max_gain
    shrinking = PredictiveEngine(gain=0.21)
    shrinking.decide(state(stats=measured(abandon_pct=2.9)))
    assert shrinking.gain == shrinking.min_gain


def test_a_steady_abandon_rate_between_the_thresholds_leaves_the_gain() -> None:
    engine = PredictiveEngine()
    engine.decide(state(stats=measured(abandon_pct=2.1)))  # 70 % of the 3 % aim
    assert engine.gain == 1.0


def test_answered_calls_waiting_for_an_agent_hold_the_dialing_back() -> None:
    idle = PredictiveEngine().decide(state())
    waiting = PredictiveEngine().decide(state(waiting_calls=3))
    assert waiting < idle
