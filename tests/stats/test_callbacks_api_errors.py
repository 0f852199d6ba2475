"""/api/callbacks/: the list's filters, and the exact answers to assignments that are refused."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.stats.models import Callback
from tests.factories import CallbackFactory
from tests.harness import personas
from tests.harness.personas import Center

pytestmark = pytest.mark.django_db


def _numbers(client: APIClient, **params: str) -> list[str]:
    response = client.get("/api/callbacks/", params)
    assert response.status_code == 200, response.content
    return sorted(row["number"] for row in response.json()["results"])


def _assign(user: User, entry: Callback, body: dict[str, Any]) -> tuple[int, Any]:
    response = personas.api_client(user).post(f"/api/callbacks/{entry.pk}/assign/", body, format="json")
    return response.status_code, response.json()


def test_the_list_filters_by_status_and_queue(manager_user: User) -> None:
    CallbackFactory.create(number="+79161110000", queue="support")
    CallbackFactory.create(number="+79161110001", queue="sales", status="closed", outcome="no_answer")
    CallbackFactory.create(number="+79161110002", queue="sales")
    client = personas.api_client(manager_user)
    assert _numbers(client, status="open") == ["+79161110000", "+79161110002"]
    assert _numbers(client, queue="sales") == ["+79161110001", "+79161110002"]
    assert _numbers(client, status="closed", queue="support") == []


def test_an_agent_and_a_team_at_once_are_refused(center: Center) -> None:
    entry = CallbackFactory.create(queue="support")
    status, body = _assign(center["sam"], entry, {"agent": center["ivan"].pk, "team": center["north"].pk})
    assert (status, body) == (400, {"non_field_errors": ["Assign to an agent or to a team, not both."]})
    entry.refresh_from_db()
    assert (entry.status, entry.agent_id, entry.team_id) == (Callback.Status.OPEN, None, None)


def test_another_supervisors_team_is_refused_by_name(center: Center) -> None:
    entry = CallbackFactory.create(queue="support")
    status, body = _assign(center["sam"], entry, {"team": center["south"].pk})
    assert (status, body) == (400, {"team": ["Not one of your teams."]})
    assert not AuditEntry.objects.filter(action="stats.callback_assigned").exists()


def test_another_supervisors_agent_is_refused_by_name(center: Center) -> None:
    entry = CallbackFactory.create(queue="support")
    assert _assign(center["sam"], entry, {"agent": center["petr"].pk}) == (
        400,
        {"agent": ["Not one of your agents."]},
    )
    entry.refresh_from_db()
    assert entry.agent is None


def test_an_agent_that_does_not_exist_is_a_400_on_the_field(center: Center) -> None:
    entry = CallbackFactory.create(queue="support")
    status, body = _assign(center["sam"], entry, {"agent": 999999})
    assert (status, list(body)) == (400, ["agent"])


def test_an_empty_assignment_hands_the_entry_back(center: Center) -> None:
    entry = CallbackFactory.create(queue="support", agent=center["ivan"], status="assigned")
    status, body = _assign(center["sam"], entry, {})
    assert (status, body["status"], body["agent"], body["team"]) == (200, "open", None, None)
