"""The report filter form: its error messages, the queues each role may choose, and the filter it gives."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import pytest
from django import forms
from django.http import QueryDict
from django.utils import timezone

from callcenter.accounts.models import User
from callcenter.stats.forms import ReportFilterForm
from callcenter.stats.reports import ReportFilter
from tests.harness.personas import Center

pytestmark = pytest.mark.django_db

DAY = {"date_from": "2026-11-23", "date_to": "2026-11-23", "tz": "UTC", "sl": "20"}


def _form(user: User, **fields: Any) -> ReportFilterForm:
    data = QueryDict(mutable=True)
    for key, value in {**DAY, **fields}.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return ReportFilterForm(user, data)


def _errors(user: User, **fields: Any) -> dict[str, list[str]]:
    form = _form(user, **fields)
    assert not form.is_valid()
    return {field: [str(message) for message in messages] for field, messages in form.errors.items()}


def test_an_unknown_time_zone_is_refused(manager_user: User) -> None:
    assert _errors(manager_user, tz="Mars/Olympus") == {"tz": ["Unknown time zone."]}


@pytest.mark.parametrize(
    ("sl", "message"),
    [("20,thirty", "Whole seconds separated by commas."), ("20,3601", "Between 0 and 3600 seconds.")],
)
def test_service_levels_must_be_whole_seconds_within_an_hour(
    manager_user: User, sl: str, message: str
) -> None:
    assert _errors(manager_user, sl=sl) == {"sl": [message]}


def test_the_end_may_not_be_before_the_start(manager_user: User) -> None:
    errors = _errors(manager_user, date_from="2026-11-24", date_to="2026-11-23")
    assert errors == {"date_to": ["The end is before the start."]}


def test_a_period_longer_than_a_year_is_refused(manager_user: User) -> None:
    errors = _errors(manager_user, date_from="2025-01-01", date_to="2026-01-03")
    assert errors == {"date_to": ["At most a year at a time."]}


def test_a_date_past_2100_is_refused(manager_user: User) -> None:
    errors = _errors(manager_user, date_from="2101-01-01", date_to="2101-01-01")
    assert errors["date_from"] == ["2101-01-01 is out of range: give a date from 1970-01-01 to 2100-12-31."]


def test_a_supervisor_may_choose_only_the_queues_of_their_teams(center: Center) -> None:
    errors = _errors(center["sam"], queues=["sales"])
    assert list(errors) == ["queues"]
    queues = _form(center["sam"]).fields["queues"]
    assert isinstance(queues, forms.MultipleChoiceField)
    assert [name for name, _ in cast("list[tuple[str, str]]", queues.choices)] == ["support"]


def test_a_manager_may_filter_on_a_queue_only_seen_in_queue_log(manager_user: User) -> None:
    form = _form(manager_user, queues=["overflow"])
    assert form.is_valid(), form.errors
    assert form.report_filter().queues == ["overflow"]


def test_valid_data_gives_the_filter_with_the_users_visible_queues(center: Center) -> None:
    form = _form(center["sam"], queues=["support"], agents=" Agent 1001, ,Agent 1002 ", sl="60,20,60")
    assert form.report_filter() == ReportFilter(
        date(2026, 11, 23),
        date(2026, 11, 23),
        "UTC",
        ["support"],
        ["Agent 1001", "Agent 1002"],
        [20, 60],
        ["support"],
    )


def test_a_page_opened_without_dates_reports_on_today(manager_user: User, settings: Any) -> None:
    form = ReportFilterForm(manager_user, QueryDict("queues=support"))
    assert form.is_valid(), form.errors
    today = timezone.localdate()
    assert form.report_filter() == ReportFilter(
        today, today, str(settings.TIME_ZONE), queues=["support"], sl=[]
    )


def test_a_page_opened_without_any_filter_reports_on_today(manager_user: User, settings: Any) -> None:
    form = ReportFilterForm(manager_user, QueryDict("page=2"))
    assert not form.is_bound
    today = timezone.localdate()
    assert form.report_filter() == ReportFilter(today, today, str(settings.TIME_ZONE), sl=[20, 30, 60])
