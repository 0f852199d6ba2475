"""Caller ids, whole seconds and numbers from channel variables, read as Asterisk reads them."""

from __future__ import annotations

import pytest

from callcenter.simulator.engine.values import parse_callerid, parse_float, seconds_between


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"Customer One" <5550001>', ("5550001", "Customer One")),
        ("Customer <5550001>", ("5550001", "Customer")),
        ("<5550001>", ("5550001", "<unknown>")),
        ("5550001", ("5550001", "<unknown>")),
        ("", ("<unknown>", "<unknown>")),
    ],
)
def test_a_callerid_splits_into_number_and_name(value: str, expected: tuple[str, str]) -> None:
    assert parse_callerid(value) == expected


def test_seconds_between_counts_whole_seconds_crossed_as_time_null_does() -> None:
    assert seconds_between(100.9, 101.1) == 1
    assert seconds_between(100.1, 100.9) == 0


def test_a_number_that_is_not_one_falls_back_to_the_default() -> None:
    assert (parse_float("2.5", 1.0), parse_float("", 1.0), parse_float("soon", 7.0)) == (2.5, 1.0, 7.0)
