"""The simulated center: its own abandon count, and the predictive goal on an 8-hour day."""

from __future__ import annotations

from dataclasses import dataclass

from callcenter.dialer.pacing import PacingState
from callcenter.dialer.simulation import SimulationConfig, simulate


@dataclass
class FloodEngine:
    """Dials ten calls every second whatever happens: the center must record the abandons itself."""

    name: str = "flood"

    def decide(self, state: PacingState) -> int:
        return 10


def test_the_center_counts_abandons_itself_not_from_the_dialers_intent() -> None:
    result = simulate(SimulationConfig(mode="predictive", agents=2, hours=0.5, seed=7), engine=FloodEngine())
    assert result.abandoned > 0
    assert result.bridged + result.abandoned == result.answered
    assert result.abandon_rate_pct == 100.0 * result.abandoned / result.answered


def test_progressive_never_abandons_and_keeps_agents_waiting_for_answers() -> None:
    result = simulate(SimulationConfig(mode="progressive", seed=1))
    assert result.abandoned == 0
    assert result.talk_min_per_agent_hour < 45


def test_preview_never_abandons() -> None:
    assert simulate(SimulationConfig(mode="preview", hours=2, seed=1)).abandoned == 0


def test_predictive_meets_the_goal_on_an_eight_hour_day() -> None:
    result = simulate(
        SimulationConfig(mode="predictive", agents=20, answer_rate=0.25, aht_s=180, hours=8, seed=1)
    )
    assert result.abandon_rate_pct <= 3.0
    assert result.talk_min_per_agent_hour >= 50.0


def test_predictive_stays_under_target_when_the_answer_rate_drops_mid_day() -> None:
    result = simulate(
        SimulationConfig(mode="predictive", seed=2, answer_rate=0.25, answer_rate_after=0.15, shift_at_hour=4)
    )
    assert result.abandon_rate_pct <= 3.0


def test_predictive_stays_under_target_when_the_answer_rate_rises_mid_day() -> None:
    result = simulate(
        SimulationConfig(mode="predictive", seed=3, answer_rate=0.15, answer_rate_after=0.30, shift_at_hour=4)
    )
    assert result.abandon_rate_pct <= 3.0


def test_same_seed_same_day() -> None:
    config = SimulationConfig(mode="predictive", hours=1, seed=11)
    assert simulate(config).as_dict() == simulate(config).as_dict()
