"""The wait before a failed report e-mail is tried again: the configured base, doubled after each failure."""

from __future__ import annotations

from datetime import timedelta

from pytest_django import Settings

from callcenter.stats.schedules.deliveries import retry_delay


def test_the_wait_doubles_after_each_failure(settings: Settings) -> None:
    settings.REPORT_DELIVERY_RETRY_MINUTES = 1
    waits = [retry_delay(attempts) for attempts in (1, 2, 3, 4)]
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8)]


def test_the_base_comes_from_the_settings(settings: Settings) -> None:
    settings.REPORT_DELIVERY_RETRY_MINUTES = 5
    assert (retry_delay(1), retry_delay(3)) == (timedelta(minutes=5), timedelta(minutes=20))


def test_no_failure_yet_waits_the_base(settings: Settings) -> None:
    settings.REPORT_DELIVERY_RETRY_MINUTES = 3
    assert retry_delay(0) == timedelta(minutes=3)
