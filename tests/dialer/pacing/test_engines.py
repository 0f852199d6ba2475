"""The preview and progressive engines at their edges, and the engine of each mode."""

from __future__ import annotations

import pytest

from callcenter.dialer.pacing import (
    CallStats,
    PacingState,
    PredictiveEngine,
    PreviewEngine,
    ProgressiveEngine,
    engine_for,
)


def _state(*, free: int, ringing: int = 0, waiting: int = 0) -> PacingState:
    return PacingState(
        now=0.0,
        agents_logged_in=free + 2,
        agents_free=free,
        agents_busy=2,
        ringing_ages_s=tuple(1.0 for _ in range(ringing)),
        waiting_calls=waiting,
        stats=CallStats(),
    )


@pytest.mark.parametrize("engine", [PreviewEngine(), ProgressiveEngine()])
def test_more_lines_than_free_agents_never_gives_a_negative_count(
    engine: PreviewEngine | ProgressiveEngine,
) -> None:
    assert engine.decide(_state(free=1, ringing=3, waiting=2)) == 0


@pytest.mark.parametrize("engine", [PreviewEngine(), ProgressiveEngine()])
def test_an_answered_call_waiting_for_an_agent_takes_a_free_agent(
    engine: PreviewEngine | ProgressiveEngine,
) -> None:
    assert engine.decide(_state(free=3, waiting=1)) == 2


@pytest.mark.parametrize(
    ("mode", "kind"),
    [("preview", PreviewEngine), ("progressive", ProgressiveEngine), ("predictive", PredictiveEngine)],
)
def test_each_mode_has_its_engine(mode: str, kind: type) -> None:
    engine = engine_for(mode)
    assert isinstance(engine, kind)
    assert engine.name == mode


def test_each_predictive_engine_learns_on_its_own() -> None:
    first = engine_for("predictive")
    assert isinstance(first, PredictiveEngine)
    first.gain = 0.5
    second = engine_for("predictive")
    assert isinstance(second, PredictiveEngine)
    assert second.gain == 1.0
