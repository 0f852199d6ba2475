"""The preview and progressive engines, and the engine of each campaign mode."""

from __future__ import annotations

from callcenter.dialer.pacing.predictive import PredictiveEngine
from callcenter.dialer.pacing.state import PacingEngine, PacingState, lines_for_free_agents


class PreviewEngine:
    """The agent sees the lead and clicks to dial: one lead offered per free agent that has none."""

    name = "preview"

    def decide(self, state: PacingState) -> int:
        return lines_for_free_agents(state)


class ProgressiveEngine:
    """One call per free agent, never more lines than free agents."""

    name = "progressive"

    def decide(self, state: PacingState) -> int:
        return lines_for_free_agents(state)


def engine_for(mode: str) -> PacingEngine:
    """The engine of a campaign mode."""
    engines: dict[str, type[PreviewEngine] | type[ProgressiveEngine] | type[PredictiveEngine]] = {
        "preview": PreviewEngine,
        "progressive": ProgressiveEngine,
        "predictive": PredictiveEngine,
    }
    try:
        return engines[mode]()
    except KeyError:
        raise ValueError(f"unknown pacing mode {mode!r}") from None
