"""The recordings search form: its error messages, and the period it selects in its time zone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from callcenter.quality.forms import RecordingSearchForm
from callcenter.quality.models import Recording
from tests.quality.factories import RecordingFactory

pytestmark = pytest.mark.django_db


def _errors(**data: str) -> dict[str, list[str]]:
    form = RecordingSearchForm(data)
    assert not form.is_valid()
    return {field: [str(message) for message in messages] for field, messages in form.errors.items()}


@pytest.mark.parametrize(
    ("low", "high", "values"),
    [
        ("date_from", "date_to", ("2026-11-24", "2026-11-23")),
        ("survey_min", "survey_max", ("4", "2")),
        ("duration_min", "duration_max", ("60", "30")),
    ],
)
def test_a_range_that_ends_before_it_starts_is_refused_on_its_end(
    low: str, high: str, values: tuple[str, str]
) -> None:
    assert _errors(**{low: values[0], high: values[1]}) == {high: ["Must not be before “from”."]}


def test_an_unknown_time_zone_is_refused() -> None:
    assert _errors(tz="Mars/Olympus") == {"tz": ["Unknown time zone."]}


def test_the_caller_is_digits_with_an_optional_plus() -> None:
    assert _errors(caller="916-111") == {"caller": ["Digits, with an optional leading +."]}
    assert RecordingSearchForm({"caller": "+7916"}).is_valid()


def _found(**data: Any) -> list[str]:
    form = RecordingSearchForm(data)
    assert form.is_valid(), form.errors
    return sorted(rec.callid for rec in form.apply(Recording.objects.with_call()))


def test_the_days_are_those_of_the_chosen_time_zone() -> None:
    # 21:30 UTC on the 22nd is 00:30 on the 23rd in Moscow.
    RecordingFactory.create(callid="late", started_at=dt.datetime(2026, 11, 22, 21, 30, tzinfo=dt.UTC))
    RecordingFactory.create(callid="noon", started_at=dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC))
    day = {"date_from": "2026-11-23", "date_to": "2026-11-23"}
    assert _found(**day, tz="Europe/Moscow") == ["late", "noon"]
    assert _found(**day, tz="UTC") == ["noon"]


def test_an_empty_time_zone_means_the_projects(settings: Any) -> None:
    settings.TIME_ZONE = "UTC"
    form = RecordingSearchForm({"tz": " "})
    assert form.is_valid()
    assert form.cleaned_data["tz"] == "UTC"


def test_the_file_status_narrows_the_search() -> None:
    RecordingFactory.create(callid="ok")
    RecordingFactory.create(callid="gone", status=Recording.Status.MISSING)
    assert _found(status="missing") == ["gone"]
    assert _found() == ["gone", "ok"]


def test_the_queue_agent_and_a_part_of_the_caller_narrow_the_search() -> None:
    RecordingFactory.create(callid="wanted", queue="sales", agent="Agent 1201", caller="79165550101")
    RecordingFactory.create(callid="other-queue", queue="support", agent="Agent 1201", caller="79165550101")
    RecordingFactory.create(callid="other-agent", queue="sales", agent="Agent 1202", caller="79165550101")
    RecordingFactory.create(callid="other-caller", queue="sales", agent="Agent 1201", caller="79160000000")
    assert _found(queue="sales", agent="Agent 1201", caller="5550101") == ["wanted"]


def test_the_duration_bounds_are_inclusive() -> None:
    for seconds in (29, 30, 60, 61):
        RecordingFactory.create(callid=f"d{seconds}", duration_s=seconds)
    assert _found(duration_min="30", duration_max="60") == ["d30", "d60"]


@pytest.mark.parametrize("score", ["0", "6"])
def test_a_survey_score_outside_one_to_five_is_refused(score: str) -> None:
    assert list(_errors(survey_min=score)) == ["survey_min"]


def test_a_range_of_one_value_is_allowed() -> None:
    form = RecordingSearchForm(
        {"survey_min": "3", "survey_max": "3", "date_from": "2026-11-23", "date_to": "2026-11-23"}
    )
    assert form.is_valid(), form.errors
