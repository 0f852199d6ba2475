"""The signed-in agent's floor API refusing: each refusal answers its status and sends nothing to Asterisk."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from callcenter.agents.models import QueueMembership
from callcenter.audit.models import AuditEntry
from tests.harness.background import BackgroundAMI
from tests.harness.queues import QueueMembers

pytestmark = pytest.mark.django_db


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_logging_in_to_all_queues_without_a_dynamic_one_is_409(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    QueueMembership.objects.filter(agent=center["ivan"]).update(static=True)

    response = _client(center["agent_user"]).post("/api/floor/me/login/", {"all": True}, format="json")

    assert response.status_code == 409
    assert response.json() == {
        "detail": f"{center['ivan'].display_name} has no queue to log in to (no dynamic membership)."
    }
    assert fixture_ami.actions.empty()
    assert not AuditEntry.objects.filter(action="wallboard.queue_add").exists()


def test_logging_out_with_neither_a_queue_nor_all_is_400(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = _client(center["agent_user"]).post("/api/floor/me/logout/", {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"queue"}
    assert fixture_ami.actions.empty()


def test_unpausing_in_a_queue_not_theirs_is_400(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = _client(center["agent_user"]).post("/api/floor/me/unpause/", {"queue": "sales"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"queue"}
    assert fixture_ami.actions.empty()


def test_an_unknown_queue_is_400(center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]) -> None:
    response = _client(center["agent_user"]).post("/api/floor/me/login/", {"queue": "nowhere"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"queue"}
    assert fixture_ami.actions.empty()


def test_a_deactivated_agent_is_refused(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    center["ivan"].active = False
    center["ivan"].save()

    response = _client(center["agent_user"]).post("/api/floor/me/login/", {"all": True}, format="json")

    assert response.status_code == 403
    assert fixture_ami.actions.empty()
