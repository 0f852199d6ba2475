"""The statistics API's refusals: their status and the body that says why (400, 403, 404)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from callcenter.stats.models import Callback, ReportRun
from tests.factories import CallbackFactory

pytestmark = pytest.mark.django_db


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_assigning_to_an_agent_and_a_team_at_once_is_a_400(center: dict[str, Any]) -> None:
    entry = CallbackFactory.create(queue="support")
    response = _client(center["sam"]).post(
        f"/api/callbacks/{entry.pk}/assign/",
        {"agent": center["ivan"].pk, "team": center["north"].pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Assign to an agent or to a team, not both."]}
    entry.refresh_from_db()
    assert (entry.status, entry.agent_id, entry.team_id) == (Callback.Status.OPEN, None, None)


def test_assigning_to_an_inactive_agent_is_a_400(center: dict[str, Any]) -> None:
    center["anna"].active = False
    center["anna"].save()
    entry = CallbackFactory.create(queue="support")
    response = _client(center["sam"]).post(
        f"/api/callbacks/{entry.pk}/assign/", {"agent": center["anna"].pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["This agent is not active."]}


def test_assigning_to_another_supervisors_team_is_a_400_naming_the_team(center: dict[str, Any]) -> None:
    entry = CallbackFactory.create(queue="support")
    response = _client(center["sam"]).post(
        f"/api/callbacks/{entry.pk}/assign/", {"team": center["south"].pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"team": ["Not one of your teams."]}


def test_assigning_to_an_agent_that_does_not_exist_is_a_400_naming_the_agent(manager_user: Any) -> None:
    entry = CallbackFactory.create()
    response = _client(manager_user).post(
        f"/api/callbacks/{entry.pk}/assign/", {"agent": 999999}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["agent"]


def test_an_entry_of_another_supervisors_queue_is_a_404(center: dict[str, Any]) -> None:
    entry = CallbackFactory.create(queue="sales")
    client = _client(center["sam"])
    for path, body in (("assign", {"agent": center["ivan"].pk}), ("close", {"outcome": "no_answer"})):
        response = client.post(f"/api/callbacks/{entry.pk}/{path}/", body, format="json")
        assert response.status_code == 404
        assert list(response.json()) == ["detail"]
    assert client.get(f"/api/callbacks/{entry.pk}/").status_code == 404
    entry.refresh_from_db()
    assert entry.status == Callback.Status.OPEN


def test_closing_with_an_outcome_only_the_statistics_set_is_a_400(manager_user: Any) -> None:
    entry = CallbackFactory.create()
    response = _client(manager_user).post(
        f"/api/callbacks/{entry.pk}/close/", {"outcome": "got_through"}, format="json"
    )
    assert response.status_code == 400
    assert "outcome" in response.json()
    entry.refresh_from_db()
    assert entry.status == Callback.Status.OPEN


def test_the_payroll_staff_may_not_read_the_callback_list(payroll_user: Any) -> None:
    response = _client(payroll_user).get("/api/callbacks/")
    assert response.status_code == 403
    assert list(response.json()) == ["detail"]


def test_another_users_report_run_is_a_404(center: dict[str, Any]) -> None:
    run = ReportRun.objects.create(kind="summary", fmt="csv", created_by=center["tina"])
    response = _client(center["sam"]).get(f"/api/stats/report-runs/{run.pk}/")
    assert response.status_code == 404
    assert list(response.json()) == ["detail"]


def test_a_manager_reads_every_report_run(center: dict[str, Any], manager_user: Any) -> None:
    run = ReportRun.objects.create(kind="summary", fmt="csv", created_by=center["tina"])
    response = _client(manager_user).get(f"/api/stats/report-runs/{run.pk}/")
    assert response.status_code == 200
    assert response.json()["kind"] == "summary"


@pytest.mark.parametrize("path", ["/api/stats/calls/", "/api/stats/queue-report/", "/api/stats/report-runs/"])
def test_an_agent_may_not_read_the_statistics(center: dict[str, Any], path: str) -> None:
    response = _client(center["agent_user"]).get(path)
    assert response.status_code == 403
    assert list(response.json()) == ["detail"]


def test_an_unknown_time_zone_is_a_400_naming_the_field(manager_user: Any) -> None:
    response = _client(manager_user).get(
        "/api/stats/queue-report/", {"date_from": "2026-11-23", "date_to": "2026-11-23", "tz": "Mars/Olympus"}
    )
    assert response.status_code == 400
    assert "tz" in response.json()


def test_a_period_that_ends_before_it_starts_is_a_400(manager_user: Any) -> None:
    response = _client(manager_user).get(
        "/api/stats/calls/", {"date_from": "2026-11-23", "date_to": "2026-11-22", "tz": "UTC"}
    )
    assert response.status_code == 400
    assert response.json()
