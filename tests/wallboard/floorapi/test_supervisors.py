"""The supervisor's floor API refusing: each refusal answers its status with ``{"detail": ...}`` (or the
field at fault) and sends nothing to Asterisk."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from pytest_django import Settings
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.agents.models import PauseReason, QueueMembership
from callcenter.audit.models import AuditEntry
from callcenter.wallboard.models import SpySession
from tests.harness.background import BackgroundAMI
from tests.harness.queues import QueueMembers

pytestmark = pytest.mark.django_db


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _agent_url(agent: Any, op: str) -> str:
    return f"/api/floor/agents/{agent.pk}/{op}/"


@pytest.fixture
def spying(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], settings: Settings
) -> SpySession:
    """Sam listening in on Anna: the session started through the API (its Originate already sent)."""
    settings.WALLBOARD_SUPERVISOR_CHANNEL = "Local/{extension}@supervisor"
    center["sam"].phone_extension = "900"
    center["sam"].save()
    response = _client(center["sam"]).post(
        _agent_url(center["anna"], "spy"), {"mode": "listen"}, format="json"
    )
    assert response.status_code == 201
    fixture_ami.next_action("Originate")
    return SpySession.objects.get(pk=response.json()["id"])


def test_log_in_to_a_queue_and_to_all_at_once_is_400(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = _client(center["sam"]).post(
        _agent_url(center["anna"], "login"), {"queue": "support", "all": True}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"all"}
    assert fixture_ami.actions.empty()


def test_logging_out_of_all_queues_an_agent_without_a_dynamic_one_is_409(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    QueueMembership.objects.filter(agent=center["anna"]).update(static=True)

    response = _client(center["sam"]).post(_agent_url(center["anna"], "logout"), {"all": True}, format="json")

    assert response.status_code == 409
    assert response.json() == {
        "detail": f"{center['anna'].display_name} has no queue to log out of (no dynamic membership)."
    }
    assert fixture_ami.actions.empty()


def test_an_inactive_pause_reason_is_400(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], pause_reasons: dict[str, PauseReason]
) -> None:
    PauseReason.objects.filter(code="lunch").update(active=False)

    response = _client(center["sam"]).post(
        _agent_url(center["anna"], "pause"), {"reason": "lunch"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"reason"}
    assert fixture_ami.actions.empty()


def test_an_interface_unsafe_for_asterisk_is_400_from_the_action(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], pause_reasons: dict[str, PauseReason]
) -> None:
    type(center["anna"]).objects.filter(pk=center["anna"].pk).update(
        interface="Local/1002@agents\r\nAction: Hangup"
    )

    response = _client(center["sam"]).post(
        _agent_url(center["anna"], "pause"), {"reason": "lunch"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Invalid interface."}
    assert fixture_ami.actions.empty()


def test_spying_without_an_own_phone_extension_is_400(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = _client(center["sam"]).post(
        _agent_url(center["anna"], "spy"), {"mode": "listen"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Set your own phone extension in your profile first."}
    assert not SpySession.objects.exists()
    assert fixture_ami.actions.empty()


def test_ending_a_session_of_an_agent_no_longer_in_the_team_is_403(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], spying: SpySession
) -> None:
    center["anna"].team = center["south"]
    center["anna"].save()

    response = _client(center["sam"]).post(f"/api/floor/spy-sessions/{spying.pk}/end/", format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": "Only a supervisor of this agent's team may do that."}
    assert fixture_ami.named("Hangup") == []
    assert not AuditEntry.objects.filter(action="wallboard.spy.stop").exists()


def test_ending_a_session_that_has_ended_is_409(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], spying: SpySession
) -> None:
    SpySession.objects.filter(pk=spying.pk).update(ended_at=timezone.now(), status=SpySession.Status.ENDED)

    response = _client(center["sam"]).post(f"/api/floor/spy-sessions/{spying.pk}/end/", format="json")

    assert response.status_code == 409
    assert response.json() == {"detail": "This session has already ended."}
    assert fixture_ami.named("Hangup") == []


def test_an_agent_has_no_spy_sessions_list(center: dict[str, Any]) -> None:
    agent_user: User = center["agent_user"]

    assert _client(agent_user).get("/api/floor/spy-sessions/").status_code == 403
