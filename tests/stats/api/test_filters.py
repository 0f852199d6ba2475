"""``report_filter``: a statistics request's period and queues, checked against what its user may see."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from callcenter.accounts.models import User
from callcenter.stats.api.filters import FILTER_PARAMETERS, report_filter
from callcenter.stats.forms import ReportFilterForm
from callcenter.stats.reports import ReportFilter
from tests.harness import personas
from tests.harness.personas import Center

pytestmark = pytest.mark.django_db


def _filter(user: User, **params: str | list[str]) -> ReportFilter:
    request = Request(APIRequestFactory().get("/api/stats/queue-report/", params))
    request.user = user
    return report_filter(request)


def _refusal(user: User, **params: str | list[str]) -> object:
    with pytest.raises(ValidationError) as refused:
        _filter(user, **params)
    assert refused.value.status_code == 400
    return refused.value.detail


def test_the_parameters_make_the_filter(center: Center) -> None:
    assert _filter(
        personas.manager(),
        date_from="2026-11-02",
        date_to="2026-11-03",
        tz="Europe/Moscow",
        queues=["support"],
        agents="Agent 1001, Agent 1002",
        sl="30,10",
    ) == ReportFilter(
        date_from=date(2026, 11, 2),
        date_to=date(2026, 11, 3),
        tz="Europe/Moscow",
        queues=["support"],
        agents=["Agent 1001", "Agent 1002"],
        sl=[10, 30],
        visible_queues=None,
    )


def test_a_supervisor_reports_on_their_own_queues_only(center: Center) -> None:
    flt = _filter(center["sam"], date_from="2026-11-02", date_to="2026-11-02", tz="UTC")
    assert flt.visible_queues == ["support"]
    assert flt.queue_names() == ["support"]


def test_a_queue_the_user_may_not_see_is_a_400_naming_the_field(center: Center) -> None:
    detail = _refusal(center["sam"], date_from="2026-11-02", date_to="2026-11-02", tz="UTC", queues="sales")
    assert detail == {
        "queues": [
            {
                "message": "Select a valid choice. sales is not one of the available choices.",
                "code": "invalid_choice",
            }
        ]
    }


def test_a_bad_parameter_is_a_400_with_the_fields_message(center: Center) -> None:
    detail = _refusal(personas.manager(), date_from="2026-11-02", date_to="2026-11-02", tz="UTC", sl="fast")
    assert detail == {"sl": [{"message": "Whole seconds separated by commas.", "code": ""}]}


def test_without_dates_the_filter_is_today(center: Center) -> None:
    flt = _filter(personas.manager())
    assert (flt.date_from, flt.date_to, flt.tz, flt.sl) == (
        timezone.localdate(),
        timezone.localdate(),
        settings.TIME_ZONE,
        [20, 30, 60],
    )


def test_parameters_without_dates_are_checked_for_today(center: Center) -> None:
    flt = _filter(personas.manager(), tz="UTC", sl="15")
    assert (flt.date_from, flt.date_to, flt.tz, flt.sl) == (
        timezone.localdate(),
        timezone.localdate(),
        "UTC",
        [15],
    )


@pytest.mark.parametrize(
    ("who", "params", "field"),
    [
        ("manager", {"tz": "Bad/Zone"}, "tz"),
        ("manager", {"sl": "fast"}, "sl"),
        ("sam", {"queues": "sales"}, "queues"),
    ],
)
def test_a_bad_parameter_without_dates_is_refused_not_ignored(
    center: Center, who: str, params: dict[str, str], field: str
) -> None:
    user = personas.manager() if who == "manager" else center["sam"]
    detail = _refusal(user, **params)
    assert isinstance(detail, dict)
    assert list(detail) == [field]


@pytest.mark.parametrize("name", ["q\x00", "sales\x0e"])
def test_a_queue_name_that_is_not_printable_is_refused_even_for_a_manager(center: Center, name: str) -> None:
    detail = _refusal(personas.manager(), queues=name)
    assert isinstance(detail, dict)
    assert list(detail) == ["queues"]


def test_the_documented_parameters_are_the_forms_fields() -> None:
    documented = [parameter.name for parameter in FILTER_PARAMETERS]
    assert sorted(documented) == sorted(ReportFilterForm(None).fields)
