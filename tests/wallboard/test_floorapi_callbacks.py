"""The agent's own callback list in the REST API: what is listed, take, call and close, with the callback
list's audit."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django import Settings

from callcenter.audit.models import AuditEntry
from callcenter.stats.models import Callback
from tests.factories import ContactFactory
from tests.harness.background import BackgroundAMI
from tests.harness.personas import api_client
from tests.harness.queues import QueueMembers
from tests.wallboard.floor import on_callback
from tests.wallboard.sent import dial_target

pytestmark = pytest.mark.django_db


def test_agent_lists_own_and_team_callbacks_with_the_contact_name(
    center: dict[str, Any], callback_entries: dict[str, Callback]
) -> None:
    ContactFactory(phone="+79161110002", name="Pavel Orlov")

    response = api_client(center["agent_user"]).get("/api/floor/callbacks/")

    assert response.status_code == 200
    rows = {row["number"]: row for row in response.json()}
    assert set(rows) == {"+79161110001", "+79161110002"}
    assert (rows["+79161110001"]["mine"], rows["+79161110002"]["mine"]) == (True, False)
    assert rows["+79161110002"]["contact_name"] == "Pavel Orlov"
    assert rows["+79161110001"]["queue"] == "support"


def test_agent_takes_a_team_callback(center: dict[str, Any], callback_entries: dict[str, Callback]) -> None:
    response = on_callback(center["agent_user"], callback_entries["team"], "take")

    assert response.status_code == 200
    assert response.json()["mine"] is True
    callback_entries["team"].refresh_from_db()
    assert (callback_entries["team"].agent, callback_entries["team"].status) == (center["ivan"], "assigned")
    audit = AuditEntry.objects.get(action="stats.callback_assigned")
    assert (audit.actor, audit.object_id) == (center["agent_user"], str(callback_entries["team"].pk))


@pytest.mark.parametrize("whose", ["anna", "south"])
def test_another_persons_or_teams_callback_is_not_found(
    center: dict[str, Any], callback_entries: dict[str, Callback], whose: str
) -> None:
    response = on_callback(center["agent_user"], callback_entries[whose], "take")

    assert response.status_code == 404
    callback_entries[whose].refresh_from_db()
    assert callback_entries[whose].agent_id != center["ivan"].pk
    assert not AuditEntry.objects.filter(action="stats.callback_assigned").exists()


def test_agent_closes_a_callback_with_an_outcome_and_it_leaves_the_list(
    center: dict[str, Any], callback_entries: dict[str, Callback]
) -> None:
    client = api_client(center["agent_user"])

    response = client.post(
        f"/api/floor/callbacks/{callback_entries['mine'].pk}/close/",
        {"outcome": "called_back", "note": "ok"},
        format="json",
    )

    assert response.status_code == 200
    callback_entries["mine"].refresh_from_db()
    assert (
        callback_entries["mine"].status,
        callback_entries["mine"].outcome,
        callback_entries["mine"].closed_agent,
    ) == (
        "closed",
        "called_back",
        "Agent 1001",
    )
    audit = AuditEntry.objects.get(action="stats.callback_closed")
    assert (audit.actor, audit.changes["outcome"]) == (center["agent_user"], "called_back")
    assert "+79161110001" not in {row["number"] for row in client.get("/api/floor/callbacks/").json()}


def test_an_unknown_outcome_is_400_and_the_callback_stays_open(
    center: dict[str, Any], callback_entries: dict[str, Callback]
) -> None:
    response = on_callback(
        center["agent_user"], callback_entries["mine"], "close", {"outcome": "got_through"}
    )

    assert response.status_code == 400
    assert set(response.json()) == {"outcome"}
    callback_entries["mine"].refresh_from_db()
    assert callback_entries["mine"].status == "assigned"


def test_a_closed_callback_cannot_be_closed_again(
    center: dict[str, Any], callback_entries: dict[str, Callback]
) -> None:
    response = on_callback(
        center["agent_user"], callback_entries["closed"], "close", {"outcome": "called_back"}
    )

    assert response.status_code == 409
    assert not AuditEntry.objects.filter(action="stats.callback_closed").exists()


def test_calling_a_callback_rings_the_agents_phone_first(
    center: dict[str, Any], callback_entries: dict[str, Callback], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = on_callback(center["agent_user"], callback_entries["mine"], "dial")

    assert response.status_code == 200
    sent = fixture_ami.next_action("Originate")
    assert dial_target(sent) == ("Local/1001@agents/n", "cc-phones", "79161110001", "1")
    audit = AuditEntry.objects.get(action="wallboard.callback_dial")
    assert (audit.actor, audit.result, audit.changes["number"]) == (
        center["agent_user"],
        "ok",
        "+79161110001",
    )


def test_the_callback_context_is_a_setting(
    center: dict[str, Any],
    callback_entries: dict[str, Callback],
    fixture_ami: BackgroundAMI[QueueMembers],
    settings: Settings,
) -> None:
    settings.WALLBOARD_CALLBACK_CONTEXT = "from-agents"

    on_callback(center["agent_user"], callback_entries["mine"], "dial")

    assert fixture_ami.next_action("Originate").get("Context") == "from-agents"


def test_a_team_callback_is_taken_before_it_is_called(
    center: dict[str, Any], callback_entries: dict[str, Callback], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = on_callback(center["agent_user"], callback_entries["team"], "dial")

    assert response.status_code == 409
    assert response.json() == {"detail": "Take the callback first."}
    assert fixture_ami.actions.empty()


def test_a_callback_with_the_dialer_is_not_taken(
    center: dict[str, Any], callback_entries: dict[str, Callback]
) -> None:
    Callback.objects.filter(pk=callback_entries["team"].pk).update(status="dialing")

    response = on_callback(center["agent_user"], callback_entries["team"], "take")

    assert response.status_code == 409
    assert not AuditEntry.objects.filter(action="stats.callback_assigned").exists()


def test_supervisors_use_the_callback_list_api_not_this_one(
    center: dict[str, Any], callback_entries: dict[str, Callback]
) -> None:
    assert api_client(center["sam"]).get("/api/floor/callbacks/").status_code == 403


def test_callback_refusals_are_in_russian(
    center: dict[str, Any], callback_entries: dict[str, Callback], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = api_client(center["agent_user"]).post(
        f"/api/floor/callbacks/{callback_entries['team'].pk}/dial/", HTTP_ACCEPT_LANGUAGE="ru"
    )

    assert response.json() == {"detail": "Сначала возьмите этот обратный звонок себе."}  # noqa: RUF001


def test_an_id_no_row_can_have_is_not_found(
    center: dict[str, Any], callback_entries: dict[str, Callback]
) -> None:
    response = api_client(center["agent_user"]).post("/api/floor/callbacks/99999999999999999999/take/")

    assert response.status_code == 404
