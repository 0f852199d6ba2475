"""The callback list page's forms: what a supervisor may assign and close, the messages, the way back."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.stats.models import Callback
from tests.factories import CallbackFactory
from tests.harness.personas import Center

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.stats.urls")]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(client: Client, name: str, entry: Callback, data: dict[str, str]) -> list[str]:
    response = client.post(reverse(name, args=[entry.pk]), data, follow=True)
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


def test_a_supervisor_cannot_touch_an_entry_of_another_teams_queue(center: Center) -> None:
    entry = CallbackFactory.create(queue="sales")
    client = _client(center["sam"])
    assert (
        client.post(reverse("stats:close_callback", args=[entry.pk]), {"outcome": "no_answer"}).status_code
        == 404
    )
    assignee = {"assignee": f"agent:{center['ivan'].pk}"}
    assert client.post(reverse("stats:assign_callback", args=[entry.pk]), assignee).status_code == 404
    entry.refresh_from_db()
    assert (entry.status, entry.agent) == ("open", None)


def test_a_supervisor_cannot_assign_to_another_teams_agent(center: Center) -> None:
    entry = CallbackFactory.create(queue="support")
    messages = _messages(
        _client(center["sam"]), "stats:assign_callback", entry, {"assignee": f"agent:{center['olga'].pk}"}
    )
    assert messages == ["Choose an agent or a team."]
    entry.refresh_from_db()
    assert entry.agent is None


def test_a_supervisor_assigns_to_their_own_team(center: Center) -> None:
    entry = CallbackFactory.create(queue="support")
    messages = _messages(
        _client(center["sam"]), "stats:assign_callback", entry, {"assignee": f"team:{center['north'].pk}"}
    )
    assert messages == ["Assigned."]
    entry.refresh_from_db()
    assert (entry.status, entry.team) == ("assigned", center["north"])


def test_an_empty_assignee_hands_the_entry_back_to_everyone(center: Center) -> None:
    entry = CallbackFactory.create(queue="support", status="assigned", agent=center["ivan"])
    assert _messages(_client(center["sam"]), "stats:assign_callback", entry, {"assignee": ""}) == [
        "Unassigned."
    ]
    entry.refresh_from_db()
    assert (entry.status, entry.agent) == ("open", None)


@pytest.mark.parametrize("outcome", ["", "got_through", "bogus"])
def test_closing_needs_an_outcome_a_person_may_choose(manager_user: User, outcome: str) -> None:
    entry = CallbackFactory.create()
    messages = _messages(_client(manager_user), "stats:close_callback", entry, {"outcome": outcome})
    assert messages == ["Choose how the callback ended."]
    entry.refresh_from_db()
    assert entry.status == "open"
    assert not AuditEntry.objects.filter(action="stats.callback_closed").exists()


def test_closing_keeps_a_trimmed_note_and_says_so(manager_user: User) -> None:
    entry = CallbackFactory.create()
    data = {"outcome": "wrong_number", "note": "  no such subscriber  "}
    assert _messages(_client(manager_user), "stats:close_callback", entry, data) == ["Closed."]
    entry.refresh_from_db()
    assert (entry.status, entry.outcome, entry.note) == ("closed", "wrong_number", "no such subscriber")


def test_the_page_comes_back_with_the_filter_it_was_sent_from(manager_user: User) -> None:
    entry = CallbackFactory.create()
    query = "date_from=2026-11-23&date_to=2026-11-23&tz=UTC"
    response = _client(manager_user).post(
        reverse("stats:close_callback", args=[entry.pk]), {"outcome": "no_answer", "query": query}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('stats:callbacks')}?{query}"


def test_entries_are_changed_only_by_a_post(manager_user: User) -> None:
    entry = CallbackFactory.create()
    client = _client(manager_user)
    assert client.get(reverse("stats:close_callback", args=[entry.pk])).status_code == 405
    assert client.get(reverse("stats:assign_callback", args=[entry.pk])).status_code == 405
