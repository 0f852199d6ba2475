"""The agent's disposition form refuses what the database and the calendar cannot hold."""

from __future__ import annotations

import pytest

from callcenter.dialer.forms import DispositionForm


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_callback_time_out_of_the_date_range_is_a_form_error(moment: str) -> None:
    form = DispositionForm({"code": "callback", "callback_at": moment})
    assert not form.is_valid()
    assert "out of range" in form.errors["callback_at"][0]


def test_a_callback_time_in_range_is_accepted() -> None:
    form = DispositionForm({"code": "callback", "callback_at": "2027-03-01T10:30"})
    assert form.is_valid(), form.errors
