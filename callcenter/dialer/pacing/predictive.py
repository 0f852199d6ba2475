"""The predictive engine: dials ahead of the free agents while abandons stay under the target (see the
package's description)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from callcenter.dialer.pacing.state import BRIDGE_GRACE_S, PacingState, blocked, lines_for_free_agents


def _expected_excess(mean: float, variance: float) -> float:
    """E[max(0, D)] for D ~ Normal(mean, variance)."""
    if variance <= 1e-12:
        return max(0.0, mean)
    sd = math.sqrt(variance)
    z = mean / sd
    pdf = math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    cdf = 0.5 * (1 + math.erf(z / math.sqrt(2)))
    return sd * pdf + mean * cdf


@dataclass
class PredictiveEngine:
    """Dials ahead from the measured answer rate and handle time, holding abandons under the target."""

    name: str = "predictive"
    # Share of the target the per-call budget aims at (the marginal rule lands well under its budget).
    aim_fraction: float = 1.0
    # Outcomes to measure before dialing ahead; until then it behaves progressively.
    warmup_samples: int = 200
    # Abandon rates resting on fewer answered calls than this are noise, not a signal.
    trusted_answered: int = 50
    gain: float = 1.0
    min_gain: float = 0.2
    max_gain: float = 2.0
    adapt_every_s: float = 60.0
    shrink: float = 0.85
    grow: float = 1.05
    grow_below: float = 0.6
    shrink_above: float = 0.8
    _last_adapt: float = field(default=-math.inf, repr=False)

    def _adapt(self, state: PacingState) -> None:
        if state.now - self._last_adapt < self.adapt_every_s:
            return
        self._last_adapt = state.now
        aim = state.target_abandon_pct * self.aim_fraction
        measured = state.stats.measured_abandon_pct(self.trusted_answered)
        if measured > self.shrink_above * aim:
            self.gain = max(self.min_gain, self.gain * self.shrink)
        elif measured < self.grow_below * aim:
            self.gain = min(self.max_gain, self.gain * self.grow)

    def decide(self, state: PacingState) -> int:
        if blocked(state):
            return 0
        stats = state.stats
        free_lines = lines_for_free_agents(state)
        if stats.samples < self.warmup_samples or stats.answer_rate <= 0.0:
            return free_lines
        self._adapt(state)
        if stats.measured_abandon_pct(self.trusted_answered) >= state.target_abandon_pct:
            # The rate reached the target: no dialing ahead until it falls again.
            return free_lines
        budget = state.target_abandon_pct / 100.0 * self.aim_fraction * self.gain
        horizon = stats.mean_answer_delay_s + BRIDGE_GRACE_S
        finishing = state.agents_busy * min(1.0, horizon / max(stats.aht_s, 1.0))
        agents_mean = state.agents_free - state.waiting_calls + finishing
        ringing_odds = [stats.p_answer_given_age(age) for age in state.ringing_ages_s]
        answers_mean = sum(ringing_odds)
        answers_var = sum(p * (1 - p) for p in ringing_odds)
        p_new = stats.answer_rate
        max_lines = math.ceil(state.max_dial_ratio * state.agents_logged_in)
        extra = 0
        excess = _expected_excess(answers_mean - agents_mean, answers_var + finishing)
        while len(state.ringing_ages_s) + extra < max_lines:
            mean = answers_mean + (extra + 1) * p_new
            variance = answers_var + (extra + 1) * p_new * (1 - p_new) + finishing
            next_excess = _expected_excess(mean - agents_mean, variance)
            # Stop when this one more call would be answered and find no agent too often.
            if next_excess - excess > budget * p_new:
                break
            excess = next_excess
            extra += 1
        return max(extra, free_lines)
