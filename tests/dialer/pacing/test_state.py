"""What the engines read from the measured calls: answer odds by age and the abandon rate that counts."""

from __future__ import annotations

from callcenter.dialer.pacing import CallStats


def test_past_every_measured_call_the_plain_answer_rate_holds_until_the_mean_delay() -> None:
    unmeasured = CallStats(answer_rate=0.3, mean_answer_delay_s=10.0)
    assert unmeasured.p_answer_given_age(9.0) == 0.3
    assert unmeasured.p_answer_given_age(10.0) == 0.0


def test_the_larger_of_the_rolling_and_the_days_abandon_rate_counts() -> None:
    stats = CallStats(rolling_abandon_pct=1.0, rolling_answered=100, day_abandon_pct=4.0, day_answered=300)
    assert stats.measured_abandon_pct(50) == 4.0


def test_a_day_resting_on_too_few_answers_leaves_the_rolling_rate() -> None:
    stats = CallStats(rolling_abandon_pct=1.5, rolling_answered=100, day_abandon_pct=9.0, day_answered=10)
    assert stats.measured_abandon_pct(50) == 1.5
