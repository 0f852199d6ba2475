"""The pacing engines are pure: state in, number of calls out."""

from __future__ import annotations

import pytest

from callcenter.dialer.pacing import (
    CallStats,
    OutcomeWindow,
    PacingEngine,
    PredictiveEngine,
    PreviewEngine,
    ProgressiveEngine,
    engine_for,
)
from tests.dialer.pacing.states import measured, state


def test_progressive_dials_one_line_per_free_agent_not_yet_covered() -> None:
    assert ProgressiveEngine().decide(state(agents_free=5, ringing_ages_s=(3.0, 8.0))) == 3


def test_preview_offers_one_lead_per_free_agent() -> None:
    assert PreviewEngine().decide(state(agents_free=4, ringing_ages_s=(1.0,))) == 3


@pytest.mark.parametrize("engine", [PreviewEngine(), ProgressiveEngine(), PredictiveEngine()])
def test_no_engine_dials_without_the_ami_link(engine: PacingEngine) -> None:
    assert engine.decide(state(link_up=False)) == 0


@pytest.mark.parametrize("engine", [PreviewEngine(), ProgressiveEngine(), PredictiveEngine()])
def test_no_engine_dials_when_every_agent_logged_out(engine: PacingEngine) -> None:
    assert engine.decide(state(agents_logged_in=0, agents_free=0, agents_busy=0)) == 0


def test_predictive_dials_ahead_of_free_agents_when_abandons_are_low() -> None:
    assert PredictiveEngine().decide(state(agents_free=5)) > 5


def test_predictive_dials_more_when_busy_agents_may_finish_within_the_answer_horizon() -> None:
    alone = PredictiveEngine().decide(state(agents_logged_in=5, agents_free=5, agents_busy=0))
    with_busy = PredictiveEngine().decide(state(agents_logged_in=20, agents_free=5, agents_busy=15))
    assert with_busy > alone


def test_predictive_stops_dialing_ahead_at_once_when_the_abandon_rate_reaches_target() -> None:
    engine = PredictiveEngine()
    assert engine.decide(state(agents_free=5, stats=measured(abandon_pct=3.1))) == 5


def test_predictive_behaves_progressively_until_enough_outcomes_are_measured() -> None:
    few = CallStats(samples=10, answer_rate=0.25)
    assert PredictiveEngine().decide(state(agents_free=5, stats=few)) == 5


def test_predictive_counts_calls_already_ringing() -> None:
    engine = PredictiveEngine()
    idle = engine.decide(state(agents_free=5))
    assert PredictiveEngine().decide(state(agents_free=5, ringing_ages_s=(5.0,) * 10)) < idle


def test_predictive_never_exceeds_the_line_ratio() -> None:
    decided = PredictiveEngine().decide(
        state(agents_logged_in=2, agents_free=2, agents_busy=0, stats=measured(0.05))
    )
    assert decided <= 6


def test_predictive_gain_shrinks_when_measured_abandons_exceed_the_aim() -> None:
    engine = PredictiveEngine()
    engine.decide(state(stats=measured(abandon_pct=2.9)))
    assert engine.gain < 1.0


def test_old_ringing_calls_are_less_likely_to_be_answered() -> None:
    stats = measured()
    assert stats.p_answer_given_age(1.0) == pytest.approx(0.25, abs=0.01)
    assert stats.p_answer_given_age(18.0) < stats.p_answer_given_age(5.0)
    assert stats.p_answer_given_age(25.0) == 0.0


def test_measured_abandon_ignores_too_few_answered_calls() -> None:
    noisy = CallStats(rolling_abandon_pct=20.0, rolling_answered=5, day_abandon_pct=20.0, day_answered=5)
    assert noisy.measured_abandon_pct(50) == 0.0


def test_outcome_window_measures_rates_and_forgets_old_calls() -> None:
    window = OutcomeWindow(answer_window_s=100.0, abandon_window_s=100.0)
    window.record_failure(0.0, 30.0)
    window.record_answer(150.0, 10.0)
    window.record_failure(150.0, 5.0)
    window.record_abandon(150.0)
    window.record_handle(200.0)
    snapshot = window.snapshot(200.0)
    assert snapshot.samples == 2
    assert snapshot.answer_rate == 0.5
    assert snapshot.rolling_abandon_pct == 100.0
    assert snapshot.aht_s == 200.0
    assert snapshot.failure_delays == (5.0,)


def test_engine_for_rejects_an_unknown_mode() -> None:
    with pytest.raises(ValueError, match="unknown pacing mode"):
        engine_for("reckless")
