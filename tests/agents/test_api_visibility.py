"""Who reads which teams, agents, memberships and pause reasons through the API, and who may write them."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.agents.models import Agent
from callcenter.audit.models import AuditEntry
from tests.factories import PauseReasonFactory
from tests.harness import personas
from tests.harness.personas import Center

pytestmark = pytest.mark.django_db


def _names(client: APIClient, url: str, key: str) -> list[str]:
    response = client.get(url, {"limit": 100})
    assert response.status_code == 200
    return sorted(str(row[key]) for row in response.json()["results"])


def test_a_supervisor_reads_only_their_teams(center: Center) -> None:
    assert _names(personas.api_client(center["sam"]), "/api/teams/", "name") == ["North"]


def test_an_agent_may_not_read_teams(center: Center) -> None:
    assert personas.api_client(center["agent_user"]).get("/api/teams/").status_code == 403


def test_payroll_reads_every_team(center: Center, payroll_user: User) -> None:
    assert _names(personas.api_client(payroll_user), "/api/teams/", "name") == ["North", "South"]


def test_an_agent_reads_only_their_own_agent(center: Center) -> None:
    assert _names(personas.api_client(center["agent_user"]), "/api/agents/", "extension") == ["1001"]


def test_a_supervisor_reads_the_memberships_of_their_teams_agents(center: Center) -> None:
    rows = personas.api_client(center["sam"]).get("/api/memberships/").json()["results"]
    assert sorted(row["agent"] for row in rows) == sorted([center["ivan"].pk, center["anna"].pk])


def test_payroll_may_not_read_memberships(center: Center, payroll_user: User) -> None:
    assert personas.api_client(payroll_user).get("/api/memberships/").status_code == 403


def test_an_agent_reads_the_pause_reasons_but_may_not_add_one(center: Center) -> None:
    PauseReasonFactory.create(code="lunch", label="Lunch", paid=False)
    client = personas.api_client(center["agent_user"])
    assert _names(client, "/api/pause-reasons/", "code") == ["lunch"]
    response = client.post("/api/pause-reasons/", {"code": "nap", "label": "Nap"}, format="json")
    assert response.status_code == 403


def test_a_manager_reads_agents_but_may_not_change_them(center: Center, manager_user: User) -> None:
    client = personas.api_client(manager_user)
    assert len(_names(client, "/api/agents/", "extension")) == 4
    ivan = center["ivan"]
    response = client.patch(f"/api/agents/{ivan.pk}/", {"display_name": "Renamed"}, format="json")
    assert response.status_code == 403
    assert Agent.objects.get(pk=ivan.pk).display_name == ivan.display_name


def test_an_administrator_deletes_an_agent_audited(center: Center, admin_api: APIClient) -> None:
    anna = center["anna"]
    assert admin_api.delete(f"/api/agents/{anna.pk}/").status_code == 204
    assert not Agent.objects.filter(pk=anna.pk).exists()
    entry = AuditEntry.objects.get(action="delete", object_type="agents.agent")
    assert (entry.object_id, entry.actor_name) == (str(anna.pk), "alice")
    assert entry.changes["extension"] == "1002"


def test_a_team_is_created_with_its_queues(center: Center, admin_api: APIClient) -> None:
    support = center["support"]
    response = admin_api.post("/api/teams/", {"name": "East", "queues": [support.pk]}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["queues"], body["supervisors"]) == ("East", [support.pk], [])
