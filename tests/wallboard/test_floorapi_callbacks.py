"""The agent's own callback list in the REST API: what is listed, take, call and close, with the callback
list's audit."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django import Settings
from rest_framework.test import APIClient

from callcenter.audit.models import AuditEntry
from callcenter.stats.models import Callback
from tests.factories import CallbackFactory, ContactFactory
from tests.harness.background import BackgroundAMI
from tests.harness.queues import QueueMembers

pytestmark = pytest.mark.django_db


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def entries(center: dict[str, Any]) -> dict[str, Any]:
    """Ivan's own entry, one of his team North's, one of Anna's, one of team South's and a closed one."""
    return {
        "mine": CallbackFactory(number="+79161110001", agent=center["ivan"], status="assigned"),
        "team": CallbackFactory(number="+79161110002", team=center["north"], status="assigned"),
        "anna": CallbackFactory(number="+79161110003", agent=center["anna"], status="assigned"),
        "south": CallbackFactory(number="+79161110004", team=center["south"], status="assigned"),
        "closed": CallbackFactory(
            number="+79161110005", agent=center["ivan"], status="closed", outcome="no_answer"
        ),
    }


def test_agent_lists_own_and_team_callbacks_with_the_contact_name(
    center: dict[str, Any], entries: dict[str, Any]
) -> None:
    ContactFactory(phone="+79161110002", name="Pavel Orlov")

    response = _client(center["agent_user"]).get("/api/floor/callbacks/")

    assert response.status_code == 200
    rows = {row["number"]: row for row in response.json()}
    assert set(rows) == {"+79161110001", "+79161110002"}
    assert (rows["+79161110001"]["mine"], rows["+79161110002"]["mine"]) == (True, False)
    assert rows["+79161110002"]["contact_name"] == "Pavel Orlov"
    assert rows["+79161110001"]["queue"] == "support"


def test_agent_takes_a_team_callback(center: dict[str, Any], entries: dict[str, Any]) -> None:
    response = _client(center["agent_user"]).post(f"/api/floor/callbacks/{entries['team'].pk}/take/")

    assert response.status_code == 200
    assert response.json()["mine"] is True
    entries["team"].refresh_from_db()
    assert (entries["team"].agent, entries["team"].status) == (center["ivan"], "assigned")
    audit = AuditEntry.objects.get(action="stats.callback_assigned")
    assert (audit.actor, audit.object_id) == (center["agent_user"], str(entries["team"].pk))


@pytest.mark.parametrize("whose", ["anna", "south"])
def test_another_persons_or_teams_callback_is_not_found(
    center: dict[str, Any], entries: dict[str, Any], whose: str
) -> None:
    response = _client(center["agent_user"]).post(f"/api/floor/callbacks/{entries[whose].pk}/take/")

    assert response.status_code == 404
    entries[whose].refresh_from_db()
    assert entries[whose].agent_id != center["ivan"].pk
    assert not AuditEntry.objects.filter(action="stats.callback_assigned").exists()


def test_agent_closes_a_callback_with_an_outcome_and_it_leaves_the_list(
    center: dict[str, Any], entries: dict[str, Any]
) -> None:
    client = _client(center["agent_user"])

    response = client.post(
        f"/api/floor/callbacks/{entries['mine'].pk}/close/",
        {"outcome": "called_back", "note": "ok"},
        format="json",
    )

    assert response.status_code == 200
    entries["mine"].refresh_from_db()
    assert (entries["mine"].status, entries["mine"].outcome, entries["mine"].closed_agent) == (
        "closed",
        "called_back",
        "Agent 1001",
    )
    audit = AuditEntry.objects.get(action="stats.callback_closed")
    assert (audit.actor, audit.changes["outcome"]) == (center["agent_user"], "called_back")
    assert "+79161110001" not in {row["number"] for row in client.get("/api/floor/callbacks/").json()}


def test_an_unknown_outcome_is_400_and_the_callback_stays_open(
    center: dict[str, Any], entries: dict[str, Any]
) -> None:
    response = _client(center["agent_user"]).post(
        f"/api/floor/callbacks/{entries['mine'].pk}/close/", {"outcome": "got_through"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"outcome"}
    entries["mine"].refresh_from_db()
    assert entries["mine"].status == "assigned"


def test_a_closed_callback_cannot_be_closed_again(center: dict[str, Any], entries: dict[str, Any]) -> None:
    response = _client(center["agent_user"]).post(
        f"/api/floor/callbacks/{entries['closed'].pk}/close/", {"outcome": "called_back"}, format="json"
    )

    assert response.status_code == 409
    assert not AuditEntry.objects.filter(action="stats.callback_closed").exists()


def test_calling_a_callback_rings_the_agents_phone_first(
    center: dict[str, Any], entries: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = _client(center["agent_user"]).post(f"/api/floor/callbacks/{entries['mine'].pk}/dial/")

    assert response.status_code == 200
    sent = fixture_ami.next_action("Originate")
    assert (sent.get("Channel"), sent.get("Context"), sent.get("Exten"), sent.get("Priority")) == (
        "Local/1001@agents/n",
        "cc-phones",
        "79161110001",
        "1",
    )
    audit = AuditEntry.objects.get(action="wallboard.callback_dial")
    assert (audit.actor, audit.result, audit.changes["number"]) == (
        center["agent_user"],
        "ok",
        "+79161110001",
    )


def test_the_callback_context_is_a_setting(
    center: dict[str, Any],
    entries: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    settings: Settings,
) -> None:
    settings.WALLBOARD_CALLBACK_CONTEXT = "from-agents"

    _client(center["agent_user"]).post(f"/api/floor/callbacks/{entries['mine'].pk}/dial/")

    assert fixture_ami.next_action("Originate").get("Context") == "from-agents"


def test_a_team_callback_is_taken_before_it_is_called(
    center: dict[str, Any], entries: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = _client(center["agent_user"]).post(f"/api/floor/callbacks/{entries['team'].pk}/dial/")

    assert response.status_code == 409
    assert response.json() == {"detail": "Take the callback first."}
    assert fixture_ami.actions.empty()


def test_a_callback_with_the_dialer_is_not_taken(center: dict[str, Any], entries: dict[str, Any]) -> None:
    Callback.objects.filter(pk=entries["team"].pk).update(status="dialing")

    response = _client(center["agent_user"]).post(f"/api/floor/callbacks/{entries['team'].pk}/take/")

    assert response.status_code == 409
    assert not AuditEntry.objects.filter(action="stats.callback_assigned").exists()


def test_supervisors_use_the_callback_list_api_not_this_one(
    center: dict[str, Any], entries: dict[str, Any]
) -> None:
    assert _client(center["sam"]).get("/api/floor/callbacks/").status_code == 403


def test_callback_refusals_are_in_russian(
    center: dict[str, Any], entries: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = _client(center["agent_user"]).post(
        f"/api/floor/callbacks/{entries['team'].pk}/dial/", HTTP_ACCEPT_LANGUAGE="ru"
    )

    assert response.json() == {"detail": "Сначала возьмите этот обратный звонок себе."}  # noqa: RUF001


def test_an_id_no_row_can_have_is_not_found(center: dict[str, Any], entries: dict[str, Any]) -> None:
    response = _client(center["agent_user"]).post("/api/floor/callbacks/99999999999999999999/take/")

    assert response.status_code == 404
