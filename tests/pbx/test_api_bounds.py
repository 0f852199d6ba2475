"""The PBX API takes secrets and names as sent, refuses dates out of range, and 409s protected deletes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from callcenter.pbx.audio import convert_upload
from callcenter.pbx.models import AsteriskServer, Holiday, InboundRoute, Prompt, Schedule, ScheduleRule, Trunk
from tests.factories import AsteriskServerFactory
from tests.pbx.audio_factories import upload

pytestmark = pytest.mark.django_db


def test_a_trunk_secret_with_a_trailing_newline_is_refused_not_stripped(admin_api: APIClient) -> None:
    trunk = Trunk.objects.create(name="carrier", host="sip.example.net", secret="s3cret")
    response = admin_api.patch(f"/api/trunks/{trunk.pk}/", {"secret": "other\n"}, format="json")
    assert response.status_code == 400
    assert "contains the forbidden character newline" in response.json()["secret"][0]
    trunk.refresh_from_db()
    assert trunk.secret == "s3cret"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_holiday_outside_the_date_range_is_refused(admin_api: APIClient, day: str) -> None:
    schedule = Schedule.objects.create(name="main", time_zone="Europe/Moscow")
    response = admin_api.post(
        "/api/holidays/", {"schedule": schedule.pk, "date": day, "name": "Far away"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"date": [f"{day} is out of range: give a date from 1970-01-01 to 2100-12-31."]}
    assert not Holiday.objects.exists()


def test_deleting_a_schedule_an_inbound_route_keeps_hours_by_is_a_conflict(admin_api: APIClient) -> None:
    schedule = Schedule.objects.create(name="main", time_zone="Europe/Moscow")
    route = InboundRoute.objects.create(
        did="4950002", name="Hotline", destination="extension", extension="1001", schedule=schedule
    )
    response = admin_api.delete(f"/api/schedules/{schedule.pk}/")
    assert response.status_code == 409
    assert response.json()["referenced_by"] == [
        {"model": "pbx.inboundroute", "id": route.pk, "name": str(route)}
    ]
    assert Schedule.objects.filter(pk=schedule.pk).exists()


def test_a_server_without_any_ami_secret_is_refused_and_not_saved(admin_api: APIClient) -> None:
    response = admin_api.post("/api/servers/", {"name": "node1", "ami_username": "cc"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Give either the AMI secret or the environment variable that holds it."]
    }
    assert not AsteriskServer.objects.exists()


def test_a_server_may_name_the_environment_variable_that_holds_its_secret(admin_api: APIClient) -> None:
    response = admin_api.post(
        "/api/servers/",
        {"name": "node1", "ami_username": "cc", "ami_secret_env": "NODE1_AMI_SECRET"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert AsteriskServer.objects.get(name="node1").ami_secret_env == "NODE1_AMI_SECRET"


def test_a_secret_variable_that_is_not_set_is_named_in_the_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NODE9_AMI_SECRET", raising=False)
    server = AsteriskServerFactory(name="node9", ami_secret="", ami_secret_env="NODE9_AMI_SECRET")
    with pytest.raises(ValueError, match="environment variable NODE9_AMI_SECRET for server node9 is not set"):
        server.get_ami_secret()


@pytest.mark.parametrize(("opens", "closes"), [("18:00", "09:00"), ("09:00", "09:00")])
def test_opening_hours_that_do_not_open_before_they_close_are_refused(
    admin_api: APIClient, opens: str, closes: str
) -> None:
    schedule = Schedule.objects.create(name="main", time_zone="Europe/Moscow")
    response = admin_api.post(
        "/api/schedule-rules/",
        {"schedule": schedule.pk, "weekday": 0, "opens": opens, "closes": closes},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Opening time must be before closing time."]}
    assert not ScheduleRule.objects.exists()


def test_an_empty_recording_is_refused_by_the_api_and_nothing_saved(admin_api: APIClient) -> None:
    response = admin_api.post(
        "/api/prompts/", {"name": "custom/welcome", "audio": upload("empty.wav", b"")}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {"audio": ["The submitted file is empty."]}
    assert not Prompt.objects.exists()


def test_an_empty_file_is_refused_by_the_conversion_too() -> None:
    with pytest.raises(ValidationError) as refused:
        convert_upload(upload("empty.wav", b""))
    assert refused.value.messages == ["The uploaded file is empty."]
    assert refused.value.code == "audio_empty"
