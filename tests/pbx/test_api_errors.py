"""The PBX API's refusals: 409 for a delete that would leave something dangling, 400 for a bad object."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from callcenter.pbx.models import (
    AsteriskServer,
    Destination,
    InboundRoute,
    IVRMenu,
    IVROption,
    Prompt,
    Queue,
    Trunk,
)
from tests.factories import AsteriskServerFactory, QueueFactory
from tests.pbx.audio_factories import MusicOnHoldClassFactory, MusicOnHoldFileFactory, PromptFactory

pytestmark = pytest.mark.django_db


def test_a_prompt_a_menu_greets_with_is_not_deleted(admin_api: APIClient) -> None:
    prompt = PromptFactory(name="custom/welcome")
    IVRMenu.objects.create(name="main", greeting="custom/welcome")
    response = admin_api.delete(f"/api/prompts/{prompt.pk}/")
    assert response.status_code == 409
    assert Prompt.objects.filter(pk=prompt.pk).exists()


def test_a_prompt_a_menu_greets_with_is_not_renamed(admin_api: APIClient) -> None:
    prompt = PromptFactory(name="custom/welcome")
    IVRMenu.objects.create(name="main", greeting="custom/welcome")
    response = admin_api.patch(f"/api/prompts/{prompt.pk}/", {"name": "custom/hello"}, format="multipart")
    assert response.status_code == 400
    assert "name" in response.json()
    assert Prompt.objects.get(pk=prompt.pk).name == "custom/welcome"


def test_the_last_file_of_a_class_a_queue_plays_is_not_deleted(admin_api: APIClient) -> None:
    moh_file = MusicOnHoldFileFactory(moh_class=MusicOnHoldClassFactory(name="calm"))
    QueueFactory(name="support", music_class="calm")
    response = admin_api.delete(f"/api/moh-files/{moh_file.pk}/")
    assert response.status_code == 409
    assert response.json()["referenced_by"][0]["name"] == "support"


def test_a_queue_a_menu_key_sends_callers_to_is_not_deleted(admin_api: APIClient) -> None:
    queue = QueueFactory(name="support")
    menu = IVRMenu.objects.create(name="main", greeting="custom/welcome")
    IVROption.objects.create(menu=menu, digit="1", destination=Destination.QUEUE, queue=queue)
    response = admin_api.delete(f"/api/queues/{queue.pk}/")
    assert response.status_code == 409
    assert response.json()["referenced_by"][0]["model"] == "pbx.ivroption"
    assert Queue.objects.filter(pk=queue.pk).exists()


def test_a_schedule_a_route_follows_is_not_deleted(admin_api: APIClient) -> None:
    schedule = admin_api.post("/api/schedules/", {"name": "office"}, format="json").json()
    route = {"did": "74951234567", "name": "main", "destination": "hangup", "schedule": schedule["id"]}
    assert admin_api.post("/api/inbound-routes/", route, format="json").status_code == 201
    response = admin_api.delete(f"/api/schedules/{schedule['id']}/")
    assert response.status_code == 409
    assert InboundRoute.objects.get().schedule_id == schedule["id"]


def test_a_menu_key_sending_callers_to_a_queue_must_name_it(admin_api: APIClient) -> None:
    menu = IVRMenu.objects.create(name="main", greeting="custom/welcome")
    response = admin_api.post(
        "/api/ivr-options/", {"menu": menu.pk, "digit": "1", "destination": "queue"}, format="json"
    )
    assert response.status_code == 400
    assert "queue" in response.json()
    assert not IVROption.objects.exists()


def test_a_server_without_a_secret_or_its_variable_is_refused(admin_api: APIClient) -> None:
    response = admin_api.post("/api/servers/", {"name": "node9", "ami_username": "cc"}, format="json")
    assert response.status_code == 400
    assert "AMI secret" in str(response.json())
    assert not AsteriskServer.objects.filter(name="node9").exists()


def test_a_queue_whose_amber_wait_exceeds_its_red_one_is_refused(admin_api: APIClient) -> None:
    response = admin_api.post(
        "/api/queues/", {"name": "billing", "wait_amber_s": 120, "wait_red_s": 60}, format="json"
    )
    assert response.status_code == 400
    assert "amber" in str(response.json())
    assert not Queue.objects.filter(name="billing").exists()


def test_a_trunk_named_only_by_digits_is_refused(admin_api: APIClient) -> None:
    response = admin_api.post("/api/trunks/", {"name": "1001", "host": "sip.example.net"}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()


def test_a_trunk_named_like_another_but_for_letter_case_is_refused(admin_api: APIClient) -> None:
    server = AsteriskServerFactory(name="node1")
    Trunk.objects.create(name="Carrier", host="sip.example.net", server=server)
    response = admin_api.post("/api/trunks/", {"name": "carrier", "host": "sip.example.org"}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()
    assert Trunk.objects.count() == 1
