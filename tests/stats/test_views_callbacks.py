"""The callback list page's forms: what a supervisor may assign and close, the messages, the way back."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from callcenter.accounts.models import User
from callcenter.agents.models import Team
from callcenter.audit.models import AuditEntry
from callcenter.stats.models import Callback
from tests.factories import CallbackFactory
from tests.harness.personas import Center, web_client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.stats.urls")]


def _messages(client: Client, name: str, entry: Callback, data: dict[str, str]) -> list[str]:
    response = client.post(reverse(name, args=[entry.pk]), data, follow=True)
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


def test_a_supervisor_cannot_touch_an_entry_of_another_teams_queue(center: Center) -> None:
    entry = CallbackFactory.create(queue="sales")
    client = web_client(center["sam"])
    assert (
        client.post(reverse("stats:close_callback", args=[entry.pk]), {"outcome": "no_answer"}).status_code
        == 404
    )
    assignee = {"assignee": f"agent:{center['ivan'].pk}"}
    assert client.post(reverse("stats:assign_callback", args=[entry.pk]), assignee).status_code == 404
    entry.refresh_from_db()
    assert (entry.status, entry.agent) == ("open", None)


@pytest.mark.parametrize(
    ("assigned_to_ivan", "assignee", "message", "status", "team"),
    [
        (False, lambda c: f"agent:{c['olga'].pk}", "Choose an agent or a team.", "open", lambda c: None),
        (False, lambda c: f"team:{c['north'].pk}", "Assigned.", "assigned", lambda c: c["north"]),
        (True, lambda c: "", "Unassigned.", "open", lambda c: None),
    ],
    ids=["another-teams-agent-is-refused", "own-team", "nobody-hands-it-back-to-everyone"],
)
def test_a_supervisor_assigns_an_entry_of_their_queue(
    center: Center,
    assigned_to_ivan: bool,
    assignee: Callable[[Center], str],
    message: str,
    status: str,
    team: Callable[[Center], Team | None],
) -> None:
    entry = CallbackFactory.create(
        queue="support",
        status="assigned" if assigned_to_ivan else "open",
        agent=center["ivan"] if assigned_to_ivan else None,
    )
    data = {"assignee": assignee(center)}
    assert _messages(web_client(center["sam"]), "stats:assign_callback", entry, data) == [message]
    entry.refresh_from_db()
    assert (entry.status, entry.agent, entry.team) == (status, None, team(center))


@pytest.mark.parametrize("outcome", ["", "got_through", "bogus"])
def test_closing_needs_an_outcome_a_person_may_choose(manager_user: User, outcome: str) -> None:
    entry = CallbackFactory.create()
    messages = _messages(web_client(manager_user), "stats:close_callback", entry, {"outcome": outcome})
    assert messages == ["Choose how the callback ended."]
    entry.refresh_from_db()
    assert entry.status == "open"
    assert not AuditEntry.objects.filter(action="stats.callback_closed").exists()


def test_closing_keeps_a_trimmed_note_and_says_so(manager_user: User) -> None:
    entry = CallbackFactory.create()
    data = {"outcome": "wrong_number", "note": "  no such subscriber  "}
    assert _messages(web_client(manager_user), "stats:close_callback", entry, data) == ["Closed."]
    entry.refresh_from_db()
    assert (entry.status, entry.outcome, entry.note) == ("closed", "wrong_number", "no such subscriber")


def test_the_page_comes_back_with_the_filter_it_was_sent_from(manager_user: User) -> None:
    entry = CallbackFactory.create()
    query = "date_from=2026-11-23&date_to=2026-11-23&tz=UTC"
    response = web_client(manager_user).post(
        reverse("stats:close_callback", args=[entry.pk]), {"outcome": "no_answer", "query": query}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('stats:callbacks')}?{query}"


def test_entries_are_changed_only_by_a_post(manager_user: User) -> None:
    entry = CallbackFactory.create()
    client = web_client(manager_user)
    assert client.get(reverse("stats:close_callback", args=[entry.pk])).status_code == 405
    assert client.get(reverse("stats:assign_callback", args=[entry.pk])).status_code == 405
