"""The shared date fields: browser pickers, and dates outside the supported years refused."""

from __future__ import annotations

import datetime as dt

from django import forms

from callcenter.core.forms import DateRangeForm, datetime_field
from callcenter.core.validators import MAX_DATE, MIN_DATE


class _TimesForm(forms.Form):
    at = datetime_field("At")


def test_date_range_form_accepts_dates_within_the_supported_years() -> None:
    form = DateRangeForm(data={"date_from": MIN_DATE.isoformat(), "date_to": MAX_DATE.isoformat()})

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"date_from": MIN_DATE, "date_to": MAX_DATE}


def test_date_range_form_refuses_a_date_after_the_supported_years() -> None:
    later = MAX_DATE + dt.timedelta(days=1)
    form = DateRangeForm(data={"date_from": MIN_DATE.isoformat(), "date_to": later.isoformat()})

    assert not form.is_valid()
    assert form.errors.as_data()["date_to"][0].code == "date_out_of_range"


def test_date_range_form_renders_date_pickers_in_iso_format() -> None:
    form = DateRangeForm(initial={"date_from": dt.date(2024, 3, 1)})

    html = str(form["date_from"])

    assert 'type="date"' in html
    assert 'value="2024-03-01"' in html


def test_datetime_field_renders_a_local_picker_in_iso_format() -> None:
    rendered = str(_TimesForm(initial={"at": dt.datetime(2024, 3, 1, 9, 30)})["at"])

    assert 'type="datetime-local"' in rendered
    assert 'value="2024-03-01T09:30:00"' in rendered


def test_datetime_field_refuses_a_time_before_the_supported_years() -> None:
    before = dt.datetime.combine(MIN_DATE - dt.timedelta(days=1), dt.time(9))
    form = _TimesForm(data={"at": before.strftime("%Y-%m-%dT%H:%M:%S")})

    assert not form.is_valid()
    assert form.errors.as_data()["at"][0].code == "date_out_of_range"
