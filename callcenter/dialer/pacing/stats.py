"""What a campaign's recent calls measured, and the answer odds of a call still ringing."""

from __future__ import annotations

import bisect
from dataclasses import dataclass


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
