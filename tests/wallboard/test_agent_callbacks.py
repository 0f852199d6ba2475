"""The agent page's callback list: the agent's and their team's open callbacks; take, call and close."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from callcenter.audit.models import AuditEntry
from callcenter.stats.models import Callback
from tests.factories import ContactFactory
from tests.harness.background import BackgroundAMI
from tests.harness.queues import QueueMembers
from tests.wallboard.conftest import LiveStore

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _signed_in_as_ivan(client: Client, center: dict[str, Any]) -> None:
    """Every request of these tests comes from Ivan's browser, signed in as the agent."""
    client.force_login(center["agent_user"])


def _act(client: Client, callback: object, op: str, **form: str) -> _MonkeyPatchedWSGIResponse:
    """Post ``op`` (take, dial, close) on ``callback`` (its id, or what is sent as one) from the agent page."""
    return client.post("/wallboard/agent/callback/", {"callback": callback, "op": op, **form})


def _messages(response: _MonkeyPatchedWSGIResponse) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_agent_page_lists_my_and_my_teams_callbacks(
    client: Client, center: dict[str, Any], callback_entries: dict[str, Callback], live_store: LiveStore
) -> None:
    ContactFactory(phone="+79161110002", name="Pavel Orlov")
    page = client.get("/wallboard/agent/")

    rows = {row["number"]: row for row in page.context["callbacks"]}
    assert set(rows) == {"+79161110001", "+79161110002"}
    assert rows["+79161110002"]["contact_name"] == "Pavel Orlov"
    html = page.content.decode()
    assert f'data-callback="{callback_entries["mine"].pk}" data-mine="1"' in html
    assert f'data-callback="{callback_entries["team"].pk}" data-mine="0"' in html
    assert "Pavel Orlov" in html


def test_agent_takes_a_team_callback_from_the_page(
    client: Client, center: dict[str, Any], callback_entries: dict[str, Callback]
) -> None:
    response = _act(client, callback_entries["team"].pk, "take")

    assert response.status_code == 302
    assert _messages(response) == ["The callback to +79161110002 is yours."]
    callback_entries["team"].refresh_from_db()
    assert callback_entries["team"].agent == center["ivan"]
    assert AuditEntry.objects.get(action="stats.callback_assigned").actor == center["agent_user"]


def test_agent_closes_a_callback_with_an_outcome(
    client: Client, center: dict[str, Any], callback_entries: dict[str, Callback], live_store: LiveStore
) -> None:
    response = _act(client, callback_entries["mine"].pk, "close", outcome="wrong_number", note="not them")

    assert _messages(response) == ["The callback to +79161110001 is closed."]
    callback_entries["mine"].refresh_from_db()
    assert (
        callback_entries["mine"].status,
        callback_entries["mine"].outcome,
        callback_entries["mine"].note,
    ) == (
        "closed",
        "wrong_number",
        "not them",
    )
    assert AuditEntry.objects.get(action="stats.callback_closed").changes["outcome"] == "wrong_number"
    numbers = {row["number"] for row in client.get("/wallboard/agent/").context["callbacks"]}
    assert numbers == {"+79161110002"}


def test_closing_without_an_outcome_is_refused_on_the_page(
    client: Client, center: dict[str, Any], callback_entries: dict[str, Callback]
) -> None:
    response = _act(client, callback_entries["mine"].pk, "close")

    assert _messages(response) == ["Choose how the callback ended."]
    callback_entries["mine"].refresh_from_db()
    assert callback_entries["mine"].status == "assigned"


def test_agent_calls_a_callback_from_the_page(
    client: Client,
    center: dict[str, Any],
    callback_entries: dict[str, Callback],
    fixture_ami: BackgroundAMI[QueueMembers],
) -> None:
    response = _act(client, callback_entries["mine"].pk, "dial")

    assert _messages(response) == ["Ringing your phone: answer it to call +79161110001."]
    sent = fixture_ami.next_action("Originate")
    assert (sent.get("Channel"), sent.get("Exten")) == ("Local/1001@agents/n", "79161110001")


def test_another_teams_callback_is_not_found_on_the_page(
    client: Client, center: dict[str, Any], callback_entries: dict[str, Callback]
) -> None:
    response = _act(client, callback_entries["south"].pk, "take")

    assert response.status_code == 404
    callback_entries["south"].refresh_from_db()
    assert callback_entries["south"].agent is None


def test_an_unknown_operation_changes_nothing(
    client: Client, center: dict[str, Any], callback_entries: dict[str, Callback]
) -> None:
    response = _act(client, callback_entries["team"].pk, "steal")

    assert _messages(response) == ["Unknown action."]
    callback_entries["team"].refresh_from_db()
    assert callback_entries["team"].agent is None
    assert not AuditEntry.objects.filter(action__startswith="stats.callback").exists()


def test_the_callback_list_is_in_russian(
    client: Client, center: dict[str, Any], callback_entries: dict[str, Callback], live_store: LiveStore
) -> None:
    html = client.get("/wallboard/agent/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "Мои обратные звонки" in html
    assert "Взять" in html and "Перезвонить" in html


@pytest.mark.parametrize("value", ["", "abc", "99999999999999999999", "-1"])
def test_a_callback_id_that_is_no_id_is_not_found(
    client: Client, center: dict[str, Any], callback_entries: dict[str, Callback], value: str
) -> None:
    response = _act(client, value, "take")

    assert response.status_code == 404
