"""The rolling outcome window: defaults with nothing measured, bounded handle samples, separate windows."""

from __future__ import annotations

from callcenter.dialer.pacing import OutcomeWindow


def test_with_nothing_measured_the_defaults_hold() -> None:
    stats = OutcomeWindow().snapshot(1000.0)
    assert (stats.samples, stats.answer_rate) == (0, 0.0)
    assert (stats.mean_answer_delay_s, stats.aht_s) == (10.0, 180.0)
    assert (stats.rolling_abandon_pct, stats.day_abandon_pct) == (0.0, 0.0)


def test_handle_time_averages_only_the_latest_samples() -> None:
    window = OutcomeWindow(handle_samples=2)
    for seconds in (1000.0, 100.0, 300.0):
        window.record_handle(seconds)
    assert window.snapshot(0.0).aht_s == 200.0


def test_an_abandon_is_remembered_after_its_answer_leaves_the_answer_window() -> None:
    window = OutcomeWindow(answer_window_s=100.0, abandon_window_s=1000.0)
    window.record_answer(0.0, 5.0)
    window.record_abandon(0.0)
    stats = window.snapshot(500.0)
    assert stats.samples == 0
    assert (stats.rolling_answered, stats.rolling_abandon_pct) == (1, 100.0)


def test_the_days_counts_outlive_both_windows() -> None:
    window = OutcomeWindow(answer_window_s=10.0, abandon_window_s=10.0)
    window.record_answer(0.0, 5.0)
    window.record_answer(0.0, 6.0)
    window.record_abandon(0.0)
    stats = window.snapshot(100.0)
    assert stats.rolling_answered == 0
    assert (stats.day_answered, stats.day_abandon_pct) == (2, 50.0)
