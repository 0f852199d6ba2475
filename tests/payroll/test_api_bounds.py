"""The payroll API refuses dates outside the accepted range with a 400 and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from callcenter.audit.models import AuditEntry
from callcenter.payroll.models import ClosedPeriod, SessionCorrection
from tests.harness.personas import api_client
from tests.payroll.conftest import ivans_tuesday

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = ["0001-01-01", "9999-12-31", "1969-12-31", "2101-01-01"]


def _message(day: str) -> str:
    return f"{day} is out of range: give a date from 1970-01-01 to 2100-12-31."


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_closing_a_period_outside_the_range_is_refused(payroll_user: Any, day: str) -> None:
    audit_before = AuditEntry.objects.count()
    response = api_client(payroll_user).post(
        "/api/payroll/periods/", {"date_from": day, "date_to": day}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"date_from": [_message(day)], "date_to": [_message(day)]}
    assert not ClosedPeriod.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_closing_a_period_at_the_edges_of_the_range_is_accepted(payroll_user: Any) -> None:
    client = api_client(payroll_user)
    first = client.post("/api/payroll/periods/", {"date_from": "1970-01-01", "date_to": "1970-01-01"})
    last = client.post("/api/payroll/periods/", {"date_from": "2100-12-31", "date_to": "2100-12-31"})
    assert (first.status_code, last.status_code) == (201, 201)
    assert ClosedPeriod.objects.count() == 2


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_the_export_of_a_period_outside_the_range_is_refused(payroll_user: Any, day: str) -> None:
    response = api_client(payroll_user).get(
        "/api/payroll/export/", {"date_from": day, "date_to": day, "tz": "Europe/Moscow"}
    )
    assert response.status_code == 400
    assert response.json()["date_from"] == [_message(day)]


@pytest.mark.parametrize(
    ("started_at", "refused"),
    [
        ("0001-01-01T01:00:00+03:00", "Datetime value out of range."),
        ("0001-01-02T09:00:00+03:00", _message("0001-01-02")),
        ("9999-12-31T09:00:00+03:00", _message("9999-12-31")),
    ],
)
def test_a_correction_outside_the_range_is_refused(
    payroll_data: Any, payroll_user: Any, started_at: str, refused: str
) -> None:
    session = ivans_tuesday()
    body = {
        "session": session.pk,
        "started_at": started_at,
        "ended_at": "2026-11-03T18:00:00+03:00",
        "reason": "Forgot to log out",
    }
    response = api_client(payroll_user).post("/api/payroll/corrections/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"started_at": [refused]}
    assert not SessionCorrection.objects.exists()
