"""The payroll forms: the filter renders dates as the browser's date inputs need them, in every language, and
refuses a period, time zone or schedule an export cannot be built with; corrections and re-openings need a
reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import timezone, translation
from pytest_django import Settings

from callcenter.payroll.forms import CorrectionForm, ExportForm, ReopenForm


def test_date_inputs_carry_iso_dates_in_russian() -> None:
    form = ExportForm(initial={"date_from": dt.date(2026, 11, 1), "date_to": dt.date(2026, 11, 30)})
    with translation.override("ru"):
        html = str(form["date_from"]) + str(form["date_to"])
    assert 'value="2026-11-01"' in html
    assert 'value="2026-11-30"' in html


def _errors(data: dict[str, str]) -> dict[str, list[str]]:
    form = ExportForm(data)
    assert not form.is_valid()
    return {field: [str(message) for message in messages] for field, messages in form.errors.items()}


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    assert _errors({"date_from": "2026-11-30", "date_to": "2026-11-01"}) == {
        "__all__": ["The period ends before it starts."]
    }


def test_a_period_of_more_than_a_year_is_refused() -> None:
    assert _errors({"date_from": "2025-01-01", "date_to": "2026-01-03"}) == {
        "__all__": ["The period is longer than a year."]
    }


def test_a_leap_year_is_not_longer_than_a_year() -> None:
    form = ExportForm({"date_from": "2028-01-01", "date_to": "2029-01-01"})
    assert form.is_valid(), form.errors


def test_an_unknown_time_zone_is_refused() -> None:
    data = {"date_from": "2026-11-01", "date_to": "2026-11-30", "tz": "Mars/Olympus"}
    assert _errors(data) == {"tz": ["Unknown time zone."]}


def test_without_a_time_zone_the_centers_own_is_used(settings: Settings) -> None:
    settings.TIME_ZONE = "Asia/Yekaterinburg"
    form = ExportForm({"date_from": "2026-11-01", "date_to": "2026-11-30"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["tz"] == "Asia/Yekaterinburg"


@pytest.mark.django_db
def test_an_unknown_holiday_schedule_is_refused() -> None:
    errors = _errors({"date_from": "2026-11-01", "date_to": "2026-11-30", "schedule": "nowhere"})
    assert list(errors) == ["schedule"]


def test_the_first_page_proposes_the_whole_previous_month() -> None:
    initial = ExportForm.initial_values()
    first, last = initial["date_from"], initial["date_to"]
    assert first.day == 1 and (first.year, first.month) == (last.year, last.month)
    assert last + dt.timedelta(days=1) == timezone.localdate().replace(day=1)


@pytest.mark.parametrize("form_class", [CorrectionForm, ReopenForm])
def test_a_correction_and_a_reopening_need_a_reason(form_class: type[forms.Form]) -> None:
    data = {"started_at": "2026-11-03T09:00:00", "ended_at": "2026-11-03T18:00:00", "reason": ""}
    form = form_class(data)
    assert not form.is_valid()
    assert list(form.errors) == ["reason"]
