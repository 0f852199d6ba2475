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

from __future__ import annotations

import bisect
import math
from collections import deque
from dataclasses import dataclass, field
from typing import Protocol

# An answered call has this long to reach an agent before it counts as abandoned.
BRIDGE_GRACE_S = 2.0


@dataclass(frozen=True)
class CallStats:
    """What the recent calls measured: answer rate, delays, handle time and abandon rates."""

    samples: int = 0
    answer_rate: float = 0.0
    mean_answer_delay_s: float = 10.0
    aht_s: float = 180.0
    rolling_abandon_pct: float = 0.0
    rolling_answered: int = 0
    day_abandon_pct: float = 0.0
    day_answered: int = 0
    # Sorted delays (seconds from dial) of answered and of failed calls, for the age-conditional answer odds.
    answer_delays: tuple[float, ...] = ()
    failure_delays: tuple[float, ...] = ()

    def measured_abandon_pct(self, min_answered: int) -> float:
        """The larger of the rolling and the day's abandon rate, each once it rests on enough answered calls."""
        rolling = self.rolling_abandon_pct if self.rolling_answered >= min_answered else 0.0
        day = self.day_abandon_pct if self.day_answered >= min_answered else 0.0
        return max(rolling, day)

    def p_answer_given_age(self, age_s: float) -> float:
        """Probability that a call still ringing after ``age_s`` seconds will be answered."""
        answers_later = len(self.answer_delays) - bisect.bisect_right(self.answer_delays, age_s)
        failures_later = len(self.failure_delays) - bisect.bisect_right(self.failure_delays, age_s)
        total = answers_later + failures_later
        if total == 0:
            # Nothing measured ever rang this long: no more evidence than the plain answer rate.
            return self.answer_rate if age_s < self.mean_answer_delay_s else 0.0
        return answers_later / total


@dataclass(frozen=True)
class PacingState:
    """A campaign's situation at one instant."""

    now: float
    agents_logged_in: int
    agents_free: int
    agents_busy: int
    ringing_ages_s: tuple[float, ...]
    waiting_calls: int
    stats: CallStats
    target_abandon_pct: float = 3.0
    max_dial_ratio: float = 3.0
    link_up: bool = True


class PacingEngine(Protocol):
    """Decides how many calls to originate now."""

    name: str

    def decide(self, state: PacingState) -> int: ...


def _blocked(state: PacingState) -> bool:
    """No dialing without the AMI link or without a logged-in agent."""
    return not state.link_up or state.agents_logged_in <= 0


class PreviewEngine:
    """The agent sees the lead and clicks to dial: one lead offered per free agent that has none."""

    name = "preview"

    def decide(self, state: PacingState) -> int:
        if _blocked(state):
            return 0
        return max(0, state.agents_free - len(state.ringing_ages_s) - state.waiting_calls)


class ProgressiveEngine:
    """One call per free agent, never more lines than free agents."""

    name = "progressive"

    def decide(self, state: PacingState) -> int:
        if _blocked(state):
            return 0
        return max(0, state.agents_free - len(state.ringing_ages_s) - state.waiting_calls)


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
        if _blocked(state):
            return 0
        stats = state.stats
        free_lines = max(0, state.agents_free - len(state.ringing_ages_s) - state.waiting_calls)
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


class _SortedWindow:
    """Values with their timestamps, kept sorted by value, dropping those older than the window."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self._by_time: deque[tuple[float, float]] = deque()

    def add(self, at: float, value: float) -> None:
        bisect.insort(self.values, value)
        self._by_time.append((at, value))

    def prune(self, before: float) -> None:
        while self._by_time and self._by_time[0][0] < before:
            _, value = self._by_time.popleft()
            del self.values[bisect.bisect_left(self.values, value)]

    def __len__(self) -> int:
        return len(self.values)


@dataclass
class OutcomeWindow:
    """Rolling measurements fed with call outcomes; ``snapshot`` gives the engines their ``CallStats``.

    The answer-rate window is short so the pacing follows a mid-day change quickly; the abandon window is
    longer because it is the legal measure.
    """

    answer_window_s: float = 1200.0
    abandon_window_s: float = 3600.0
    handle_samples: int = 200
    _answers: _SortedWindow = field(default_factory=_SortedWindow)
    _failures: _SortedWindow = field(default_factory=_SortedWindow)
    _answered_times: deque[float] = field(default_factory=deque)
    _abandoned_times: deque[float] = field(default_factory=deque)
    _handles: deque[float] = field(default_factory=deque)
    day_answered: int = 0
    day_abandoned: int = 0

    def record_answer(self, at: float, delay_s: float) -> None:
        self._answers.add(at, delay_s)
        self._answered_times.append(at)
        self.day_answered += 1

    def record_failure(self, at: float, delay_s: float) -> None:
        self._failures.add(at, delay_s)

    def record_abandon(self, at: float) -> None:
        self._abandoned_times.append(at)
        self.day_abandoned += 1

    def record_handle(self, handle_s: float) -> None:
        self._handles.append(handle_s)
        while len(self._handles) > self.handle_samples:
            self._handles.popleft()

    def snapshot(self, now: float) -> CallStats:
        self._answers.prune(now - self.answer_window_s)
        self._failures.prune(now - self.answer_window_s)
        for times in (self._answered_times, self._abandoned_times):
            while times and times[0] < now - self.abandon_window_s:
                times.popleft()
        answers, failures = len(self._answers), len(self._failures)
        samples = answers + failures
        rolling_answered = len(self._answered_times)
        return CallStats(
            samples=samples,
            answer_rate=answers / samples if samples else 0.0,
            mean_answer_delay_s=sum(self._answers.values) / answers if answers else 10.0,
            aht_s=sum(self._handles) / len(self._handles) if self._handles else 180.0,
            rolling_abandon_pct=100.0 * len(self._abandoned_times) / rolling_answered
            if rolling_answered
            else 0.0,
            rolling_answered=rolling_answered,
            day_abandon_pct=100.0 * self.day_abandoned / self.day_answered if self.day_answered else 0.0,
            day_answered=self.day_answered,
            answer_delays=tuple(self._answers.values),
            failure_delays=tuple(self._failures.values),
        )
