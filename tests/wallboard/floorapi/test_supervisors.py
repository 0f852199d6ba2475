"""The supervisor's floor API refusing: each refusal answers its status with ``{"detail": ...}`` (or the
field at fault) and sends nothing to Asterisk."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from pytest_django import Settings

from callcenter.accounts.models import User
from callcenter.agents.models import PauseReason, QueueMembership
from callcenter.audit.models import AuditEntry
from callcenter.wallboard.models import SpySession
from tests.harness.background import BackgroundAMI
from tests.harness.personas import api_client
from tests.harness.queues import QueueMembers
from tests.wallboard.floor import end_session, on_agent
from tests.wallboard.spying import with_phone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pause_reasons")]


@pytest.fixture
def spying(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], settings: Settings
) -> SpySession:
    """Sam listening in on Anna: the session started through the API (its Originate already sent)."""
    settings.WALLBOARD_SUPERVISOR_CHANNEL = "Local/{extension}@supervisor"
    response = on_agent(with_phone(center["sam"], "900"), center["anna"], "spy", {"mode": "listen"})
    assert response.status_code == 201
    fixture_ami.next_action("Originate")
    return SpySession.objects.get(pk=response.json()["id"])


def test_logging_out_of_all_queues_an_agent_without_a_dynamic_one_is_409(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    QueueMembership.objects.filter(agent=center["anna"]).update(static=True)

    response = on_agent(center["sam"], center["anna"], "logout", {"all": True})

    assert response.status_code == 409
    assert response.json() == {
        "detail": f"{center['anna'].display_name} has no queue to log out of (no dynamic membership)."
    }
    assert fixture_ami.actions.empty()


def test_an_inactive_pause_reason_is_400(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    PauseReason.objects.filter(code="lunch").update(active=False)

    response = on_agent(center["sam"], center["anna"], "pause", {"reason": "lunch"})

    assert response.status_code == 400
    assert set(response.json()) == {"reason"}
    assert fixture_ami.actions.empty()


def test_an_interface_unsafe_for_asterisk_is_400_from_the_action(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    type(center["anna"]).objects.filter(pk=center["anna"].pk).update(
        interface="Local/1002@agents\r\nAction: Hangup"
    )

    response = on_agent(center["sam"], center["anna"], "pause", {"reason": "lunch"})

    assert response.status_code == 400
    assert response.json() == {"detail": "Invalid interface."}
    assert fixture_ami.actions.empty()


def test_spying_without_an_own_phone_extension_is_400(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = on_agent(center["sam"], center["anna"], "spy", {"mode": "listen"})

    assert response.status_code == 400
    assert response.json() == {"detail": "Set your own phone extension in your profile first."}
    assert not SpySession.objects.exists()
    assert fixture_ami.actions.empty()


def test_ending_a_session_of_an_agent_no_longer_in_the_team_is_403(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], spying: SpySession
) -> None:
    center["anna"].team = center["south"]
    center["anna"].save()

    response = end_session(center["sam"], spying)

    assert response.status_code == 403
    assert response.json() == {"detail": "Only a supervisor of this agent's team may do that."}
    assert fixture_ami.named("Hangup") == []
    assert not AuditEntry.objects.filter(action="wallboard.spy.stop").exists()


def test_ending_a_session_that_has_ended_is_409(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], spying: SpySession
) -> None:
    SpySession.objects.filter(pk=spying.pk).update(ended_at=timezone.now(), status=SpySession.Status.ENDED)

    response = end_session(center["sam"], spying)

    assert response.status_code == 409
    assert response.json() == {"detail": "This session has already ended."}
    assert fixture_ami.named("Hangup") == []


def test_an_agent_has_no_spy_sessions_list(center: dict[str, Any]) -> None:
    agent_user: User = center["agent_user"]

    assert api_client(agent_user).get("/api/floor/spy-sessions/").status_code == 403
