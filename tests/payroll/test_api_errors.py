"""The payroll API's refusals: their status and the body that says why (400, 403, 404)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from callcenter.accounts.models import User
from callcenter.payroll.models import ClosedPeriod, SessionCorrection
from tests.harness.personas import api_client
from tests.payroll.conftest import ivans_tuesday

if TYPE_CHECKING:
    from rest_framework.response import _MonkeyPatchedResponse

pytestmark = pytest.mark.django_db

EXPORT = "/api/payroll/export/"


CORRECTIONS = "/api/payroll/corrections/"
# A correction of a working day, 09:00 to 18:00 Moscow time, with its reason.
CORRECTION = {
    "started_at": "2026-11-03T09:00:00+03:00",
    "ended_at": "2026-11-03T18:00:00+03:00",
    "reason": "Forgot to log out",
}


def _correct(user: User, session: int, **changes: str) -> _MonkeyPatchedResponse:
    """Post CORRECTION of ``session`` with ``changes`` applied, as ``user``."""
    return api_client(user).post(CORRECTIONS, {"session": session, **CORRECTION, **changes}, format="json")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2026-11-04", "date_to": "2026-11-02"}, "The period ends before it starts."),
        ({"date_from": "2025-01-01", "date_to": "2026-11-02"}, "The period is longer than a year."),
        (
            {"date_from": "2026-11-02", "date_to": "2026-11-02", "tz": "Mars/Olympus"},
            "Unknown time zone: Mars/Olympus",
        ),
        (
            {"date_from": "2026-11-02", "date_to": "2026-11-02", "schedule": "nowhere"},
            "Unknown schedule: nowhere",
        ),
    ],
    ids=["reversed", "too-long", "zone", "schedule"],
)
def test_an_export_that_cannot_be_built_is_a_400_saying_why(
    payroll_user: User, params: dict[str, str], message: str
) -> None:
    response = api_client(payroll_user).get(EXPORT, params)
    assert (response.status_code, response.json()) == (400, {"non_field_errors": [message]})


def test_an_export_without_its_dates_is_a_400_naming_them(payroll_user: User) -> None:
    response = api_client(payroll_user).get(EXPORT)
    assert response.status_code == 400
    assert sorted(response.json()) == ["date_from", "date_to"]


@pytest.mark.parametrize("path", [EXPORT, CORRECTIONS, "/api/payroll/periods/"])
def test_a_manager_may_not_read_payroll(manager_user: User, path: str) -> None:
    response = api_client(manager_user).get(path, {"date_from": "2026-11-02", "date_to": "2026-11-02"})
    assert response.status_code == 403
    assert list(response.json()) == ["detail"]


def test_correcting_a_session_that_does_not_exist_is_a_400_naming_it(payroll_user: User) -> None:
    response = _correct(payroll_user, 999999)
    assert (response.status_code, response.json()) == (400, {"session": ["No such session."]})


def test_a_correction_that_ends_before_it_starts_is_a_400_naming_the_end(
    payroll_data: dict[str, Any], payroll_user: User
) -> None:
    response = _correct(
        payroll_user,
        ivans_tuesday().pk,
        started_at="2026-11-03T18:00:00+03:00",
        ended_at="2026-11-03T09:00:00+03:00",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"ended_at": ["The end must be after the start."]},
    )
    assert not SessionCorrection.objects.exists()


def test_a_correction_without_a_reason_is_a_400_naming_the_reason(
    payroll_data: dict[str, Any], payroll_user: User
) -> None:
    response = _correct(payroll_user, ivans_tuesday().pk, reason="")
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    assert not SessionCorrection.objects.exists()


def test_closing_a_reversed_period_is_a_400(payroll_user: User) -> None:
    response = api_client(payroll_user).post(
        "/api/payroll/periods/", {"date_from": "2026-11-30", "date_to": "2026-11-01"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["The period ends before it starts."]}
    assert not ClosedPeriod.objects.exists()


def test_reopening_without_a_reason_is_a_400_naming_the_reason(payroll_user: User) -> None:
    client = api_client(payroll_user)
    created = client.post(
        "/api/payroll/periods/", {"date_from": "2026-11-01", "date_to": "2026-11-30"}, format="json"
    )
    assert created.status_code == 201
    response = client.post(f"/api/payroll/periods/{created.json()['id']}/reopen/", {}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    assert ClosedPeriod.objects.get().reopened_at is None


def test_reopening_a_period_that_does_not_exist_is_a_404(payroll_user: User) -> None:
    response = api_client(payroll_user).post(
        "/api/payroll/periods/999999/reopen/", {"reason": "fix"}, format="json"
    )
    assert response.status_code == 404
    assert list(response.json()) == ["detail"]
