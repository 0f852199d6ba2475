"""/api/report-schedules/: the signed-in user's own schedules; bad input is a 400 that changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from callcenter.stats.schedules import actions
from callcenter.stats.schedules.models import ReportSchedule
from tests.harness.personas import api_client
from tests.stats.schedules.conftest import MakeSchedule

pytestmark = pytest.mark.django_db
BODY = {
    "name": "Month end",
    "kind": "summary",
    "fmt": "pdf",
    "queues": ["support"],
    "frequency": "monthly",
    "day_of_month": 1,
    "time_of_day": "06:00",
    "tz": "Europe/Moscow",
    "recipients": ["boss@example.com"],
}


def test_a_user_creates_a_schedule_they_own(center: dict[str, Any], manager_user: Any) -> None:
    response = api_client(center["sam"]).post(
        "/api/report-schedules/", {**BODY, "owner": manager_user.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    schedule = ReportSchedule.objects.get()
    assert schedule.owner == center["sam"]
    assert response.json()["last_delivery"] is None


def test_only_own_schedules_are_listed_and_reachable(
    center: dict[str, Any], manager_user: Any, make_schedule: MakeSchedule
) -> None:
    mine = make_schedule(center["sam"], name="mine")
    theirs = make_schedule(manager_user, name="theirs")
    client = api_client(center["sam"])
    assert [row["id"] for row in client.get("/api/report-schedules/").json()["results"]] == [mine.pk]
    assert client.get(f"/api/report-schedules/{theirs.pk}/").status_code == 404
    assert client.delete(f"/api/report-schedules/{theirs.pk}/").status_code == 404
    assert (
        client.patch(f"/api/report-schedules/{theirs.pk}/", {"name": "x"}, format="json").status_code == 404
    )


def test_an_unknown_time_zone_is_a_400(manager_user: Any) -> None:
    response = api_client(manager_user).post(
        "/api/report-schedules/", {**BODY, "tz": "Mars/Base"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["tz"] == ["Unknown time zone."]
    assert not ReportSchedule.objects.exists()


def test_a_queue_outside_the_supervisors_teams_is_a_400(center: dict[str, Any]) -> None:
    response = api_client(center["sam"]).post(
        "/api/report-schedules/", {**BODY, "queues": ["sales"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["queues"] == ["Not among your queues: sales."]


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "payroll"},
        {"fmt": "docx"},
        {"frequency": "hourly"},
        {"time_of_day": "25:00"},
        {"queues": "support"},
        {"queues": [""]},
        {"recipients": ["nobody"]},
        {"day_of_month": 0},
        {"weekday": 9},
        {"name": ""},
    ],
)
def test_malformed_fields_are_400s(manager_user: Any, change: dict[str, Any]) -> None:
    response = api_client(manager_user).post("/api/report-schedules/", {**BODY, **change}, format="json")
    assert response.status_code == 400, response.content
    assert set(response.json()) == set(change)
    assert not ReportSchedule.objects.exists()


def test_the_owner_changes_and_deletes(manager_user: Any, make_schedule: MakeSchedule) -> None:
    schedule = make_schedule(manager_user)
    client = api_client(manager_user)
    response = client.patch(f"/api/report-schedules/{schedule.pk}/", {"enabled": False}, format="json")
    assert response.status_code == 200 and response.json()["enabled"] is False
    assert client.delete(f"/api/report-schedules/{schedule.pk}/").status_code == 204
    assert not ReportSchedule.objects.exists()


def test_the_last_delivery_is_reported(
    manager_user: Any, make_schedule: MakeSchedule, refused_smtp: int
) -> None:
    schedule = make_schedule(manager_user)
    actions.process(datetime(2026, 11, 24, 5, 0, tzinfo=UTC))
    last = api_client(manager_user).get(f"/api/report-schedules/{schedule.pk}/").json()["last_delivery"]
    assert (last["status"], last["attempts"]) == ("pending", 1)
    assert last["last_error"]


def test_agents_have_no_access(center: dict[str, Any]) -> None:
    assert api_client(center["agent_user"]).get("/api/report-schedules/").status_code == 403
    assert (
        api_client(center["agent_user"]).post("/api/report-schedules/", BODY, format="json").status_code
        == 403
    )
