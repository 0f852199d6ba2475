"""The agents API's refusals: 400 for a clashing or bad object, 403 and 404 outside a user's role and teams."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from callcenter.agents.models import Agent, PauseReason, QueueMembership
from tests.harness import personas

pytestmark = pytest.mark.django_db

NEW_AGENT = {
    "display_name": "Oleg Sidorov",
    "payroll_number": "00999",
    "extension": "1999",
    "member_name": "Oleg",
}


def test_an_extension_another_agent_has_is_refused(admin_api: APIClient, center: dict[str, Any]) -> None:
    response = admin_api.post("/api/agents/", {**NEW_AGENT, "extension": "1001"}, format="json")
    assert response.status_code == 400
    assert "extension" in response.json()
    assert Agent.objects.filter(extension="1001").count() == 1


def test_an_interface_that_is_no_channel_name_is_refused(admin_api: APIClient) -> None:
    response = admin_api.post(
        "/api/agents/", {**NEW_AGENT, "interface": "PJSIP/1999\nmember => PJSIP/666"}, format="json"
    )
    assert response.status_code == 400
    assert "interface" in response.json()
    assert not Agent.objects.exists()


def test_an_agent_placed_twice_in_one_queue_is_refused(admin_api: APIClient, center: dict[str, Any]) -> None:
    response = admin_api.post(
        "/api/memberships/", {"agent": center["ivan"].pk, "queue": center["support"].pk}, format="json"
    )
    assert response.status_code == 400
    assert QueueMembership.objects.filter(agent=center["ivan"], queue=center["support"]).count() == 1


def test_a_penalty_above_the_limit_is_refused(admin_api: APIClient, center: dict[str, Any]) -> None:
    response = admin_api.post(
        "/api/memberships/",
        {"agent": center["ivan"].pk, "queue": center["sales"].pk, "penalty": 101},
        format="json",
    )
    assert response.status_code == 400
    assert "penalty" in response.json()


def test_a_pause_code_that_is_no_identifier_is_refused(admin_api: APIClient) -> None:
    response = admin_api.post("/api/pause-reasons/", {"code": "lunch break", "label": "Lunch"}, format="json")
    assert response.status_code == 400
    assert "code" in response.json()
    assert not PauseReason.objects.exists()


def test_a_supervisor_cannot_create_an_agent(center: dict[str, Any]) -> None:
    client = personas.api_client(center["sam"])
    assert client.post("/api/agents/", NEW_AGENT, format="json").status_code == 403
    assert not Agent.objects.filter(extension="1999").exists()


def test_a_supervisor_cannot_read_an_agent_of_another_team(center: dict[str, Any]) -> None:
    client = personas.api_client(center["sam"])
    assert client.get(f"/api/agents/{center['olga'].pk}/").status_code == 404
