"""The statistics API's refusals: their status and the body that says why (400, 403, 404)."""

from __future__ import annotations

from typing import Any

import pytest

from callcenter.stats.models import Callback, ReportRun
from tests.factories import CallbackFactory
from tests.harness.personas import api_client

pytestmark = pytest.mark.django_db


def test_assigning_to_an_inactive_agent_is_a_400(center: dict[str, Any]) -> None:
    center["anna"].active = False
    center["anna"].save()
    entry = CallbackFactory.create(queue="support")
    response = api_client(center["sam"]).post(
        f"/api/callbacks/{entry.pk}/assign/", {"agent": center["anna"].pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["This agent is not active."]}


def test_an_entry_of_another_supervisors_queue_is_a_404(center: dict[str, Any]) -> None:
    entry = CallbackFactory.create(queue="sales")
    client = api_client(center["sam"])
    for path, body in (("assign", {"agent": center["ivan"].pk}), ("close", {"outcome": "no_answer"})):
        response = client.post(f"/api/callbacks/{entry.pk}/{path}/", body, format="json")
        assert response.status_code == 404
        assert list(response.json()) == ["detail"]
    assert client.get(f"/api/callbacks/{entry.pk}/").status_code == 404
    entry.refresh_from_db()
    assert entry.status == Callback.Status.OPEN


def test_closing_with_an_outcome_only_the_statistics_set_is_a_400(manager_user: Any) -> None:
    entry = CallbackFactory.create()
    response = api_client(manager_user).post(
        f"/api/callbacks/{entry.pk}/close/", {"outcome": "got_through"}, format="json"
    )
    assert response.status_code == 400
    assert "outcome" in response.json()
    entry.refresh_from_db()
    assert entry.status == Callback.Status.OPEN


def test_the_payroll_staff_may_not_read_the_callback_list(payroll_user: Any) -> None:
    response = api_client(payroll_user).get("/api/callbacks/")
    assert response.status_code == 403
    assert list(response.json()) == ["detail"]


def test_another_users_report_run_is_a_404(center: dict[str, Any]) -> None:
    run = ReportRun.objects.create(kind="summary", fmt="csv", created_by=center["tina"])
    response = api_client(center["sam"]).get(f"/api/stats/report-runs/{run.pk}/")
    assert response.status_code == 404
    assert list(response.json()) == ["detail"]


def test_a_manager_reads_every_report_run(center: dict[str, Any], manager_user: Any) -> None:
    run = ReportRun.objects.create(kind="summary", fmt="csv", created_by=center["tina"])
    response = api_client(manager_user).get(f"/api/stats/report-runs/{run.pk}/")
    assert response.status_code == 200
    assert response.json()["kind"] == "summary"


@pytest.mark.parametrize("path", ["/api/stats/calls/", "/api/stats/queue-report/", "/api/stats/report-runs/"])
def test_an_agent_may_not_read_the_statistics(center: dict[str, Any], path: str) -> None:
    response = api_client(center["agent_user"]).get(path)
    assert response.status_code == 403
    assert list(response.json()) == ["detail"]


def test_an_unknown_time_zone_is_a_400_naming_the_field(manager_user: Any) -> None:
    response = api_client(manager_user).get(
        "/api/stats/queue-report/", {"date_from": "2026-11-23", "date_to": "2026-11-23", "tz": "Mars/Olympus"}
    )
    assert response.status_code == 400
    assert "tz" in response.json()


def test_a_period_that_ends_before_it_starts_is_a_400(manager_user: Any) -> None:
    response = api_client(manager_user).get(
        "/api/stats/calls/", {"date_from": "2026-11-23", "date_to": "2026-11-22", "tz": "UTC"}
    )
    assert response.status_code == 400
    assert response.json()
