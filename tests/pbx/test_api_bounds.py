"""The PBX API takes secrets and names as sent, refuses dates out of range, and 409s protected deletes."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from callcenter.pbx.models import Holiday, InboundRoute, Schedule, Trunk

pytestmark = pytest.mark.django_db


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_trunk_secret_with_a_trailing_newline_is_refused_not_stripped(admin_user: Any) -> None:
    trunk = Trunk.objects.create(name="carrier", host="sip.example.net", secret="s3cret")
    response = _client(admin_user).patch(f"/api/trunks/{trunk.pk}/", {"secret": "other\n"}, format="json")
    assert response.status_code == 400
    assert "contains the forbidden character newline" in response.json()["secret"][0]
    trunk.refresh_from_db()
    assert trunk.secret == "s3cret"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_holiday_outside_the_date_range_is_refused(admin_user: Any, day: str) -> None:
    schedule = Schedule.objects.create(name="main", time_zone="Europe/Moscow")
    response = _client(admin_user).post(
        "/api/holidays/", {"schedule": schedule.pk, "date": day, "name": "Far away"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"date": [f"{day} is out of range: give a date from 1970-01-01 to 2100-12-31."]}
    assert not Holiday.objects.exists()


def test_deleting_a_schedule_an_inbound_route_keeps_hours_by_is_a_conflict(admin_user: Any) -> None:
    schedule = Schedule.objects.create(name="main", time_zone="Europe/Moscow")
    route = InboundRoute.objects.create(
        did="4950002", name="Hotline", destination="extension", extension="1001", schedule=schedule
    )
    response = _client(admin_user).delete(f"/api/schedules/{schedule.pk}/")
    assert response.status_code == 409
    assert response.json()["referenced_by"] == [
        {"model": "pbx.inboundroute", "id": route.pk, "name": str(route)}
    ]
    assert Schedule.objects.filter(pk=schedule.pk).exists()
