"""The predictive engine's edges: no measured answers, the gain's bounds and pace, waiting calls."""

from __future__ import annotations

from typing import Any

from callcenter.dialer.pacing import CallStats, PacingState, PredictiveEngine


def _stats(answer_rate: float = 0.25, abandon_pct: float = 0.0) -> CallStats:
    """1000 measured dials, answered after 4-20 s; the abandon rate rests on 400 answered calls."""
    answers = int(1000 * answer_rate)
    return CallStats(
        samples=1000,
        answer_rate=answer_rate,
        mean_answer_delay_s=12.0,
        rolling_abandon_pct=abandon_pct,
        rolling_answered=400,
        day_abandon_pct=abandon_pct,
        day_answered=400,
        answer_delays=tuple(sorted(4 + 16 * i / max(answers, 1) for i in range(answers))),
        failure_delays=tuple(sorted(2 + 28 * i / (1000 - answers) for i in range(1000 - answers))),
    )


def _state(**overrides: Any) -> PacingState:
    values: dict[str, Any] = {
        "now": 10_000.0,
        "agents_logged_in": 20,
        "agents_free": 5,
        "agents_busy": 15,
        "ringing_ages_s": (),
        "waiting_calls": 0,
        "stats": _stats(),
    }
    values.update(overrides)
    return PacingState(**values)


def test_without_any_answered_call_it_dials_only_for_free_agents() -> None:
    assert PredictiveEngine().decide(_state(stats=_stats(answer_rate=0.0))) == 5


def test_the_gain_grows_while_abandons_stay_well_under_the_aim() -> None:
    engine = PredictiveEngine()
    engine.decide(_state(stats=_stats(abandon_pct=0.5)))
    assert engine.gain == 1.05


def test_the_gain_adapts_at_most_once_a_minute() -> None:
    engine = PredictiveEngine()
    low = _stats(abandon_pct=0.5)
    engine.decide(_state(now=10_000.0, stats=low))
    engine.decide(_state(now=10_030.0, stats=low))
    assert engine.gain == 1.05
    engine.decide(_state(now=10_060.0, stats=low))
    assert engine.gain == 1.05 * 1.05


def test_the_gain_stays_within_its_bounds() -> None:
    growing = PredictiveEngine(gain=1.99)
    growing.decide(_state(stats=_stats(abandon_pct=0.5)))
    assert growing.gain == growing.max_gain
    shrinking = PredictiveEngine(gain=0.21)
    shrinking.decide(_state(stats=_stats(abandon_pct=2.9)))
    assert shrinking.gain == shrinking.min_gain


def test_a_steady_abandon_rate_between_the_thresholds_leaves_the_gain() -> None:
    engine = PredictiveEngine()
    engine.decide(_state(stats=_stats(abandon_pct=2.1)))  # 70 % of the 3 % aim
    assert engine.gain == 1.0


def test_answered_calls_waiting_for_an_agent_hold_the_dialing_back() -> None:
    idle = PredictiveEngine().decide(_state())
    waiting = PredictiveEngine().decide(_state(waiting_calls=3))
    assert waiting < idle
