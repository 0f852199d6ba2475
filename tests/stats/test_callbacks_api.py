"""REST API of the callback list (/api/callbacks/): who sees which entries, assigning and closing them."""

from __future__ import annotations

from typing import Any

import pytest

from callcenter.stats.models import Callback
from tests.factories import CallbackFactory
from tests.harness.personas import api_client

pytestmark = pytest.mark.django_db


def _numbers(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["number"] for row in response.json()["results"]]


def test_a_manager_lists_the_entries_found_by_any_written_form_of_the_number(manager_user: Any) -> None:
    CallbackFactory.create(number="+79161110000")
    CallbackFactory.create(number="+79161110001")
    client = api_client(manager_user)
    assert sorted(_numbers(client.get("/api/callbacks/"))) == ["+79161110000", "+79161110001"]
    assert _numbers(client.get("/api/callbacks/", {"number": "8 (916) 111-00-00"})) == ["+79161110000"]


def test_a_supervisor_sees_their_queues_and_an_agent_their_own(center: dict[str, Any]) -> None:
    CallbackFactory.create(number="+79161110000", queue="support")
    CallbackFactory.create(number="+79161110001", queue="sales")
    CallbackFactory.create(number="+79161110002", queue="sales", agent=center["ivan"], status="assigned")
    CallbackFactory.create(number="+79161110003", queue="sales", team=center["north"], status="assigned")
    assert sorted(_numbers(api_client(center["sam"]).get("/api/callbacks/"))) == [
        "+79161110000", "+79161110003",
    ]  # fmt: skip
    assert sorted(_numbers(api_client(center["agent_user"]).get("/api/callbacks/"))) == [
        "+79161110002", "+79161110003",
    ]  # fmt: skip


def test_a_bad_filter_is_a_400(manager_user: Any) -> None:
    response = api_client(manager_user).get("/api/callbacks/", {"status": "lost"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_a_supervisor_assigns_an_entry_to_an_agent_of_their_team(center: dict[str, Any]) -> None:
    entry = CallbackFactory.create(queue="support")
    response = api_client(center["sam"]).post(
        f"/api/callbacks/{entry.pk}/assign/", {"agent": center["ivan"].pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["agent"]) == ("assigned", center["ivan"].pk)


def test_an_agent_may_not_assign(center: dict[str, Any]) -> None:
    entry = CallbackFactory.create(agent=center["ivan"], status="assigned")
    response = api_client(center["agent_user"]).post(
        f"/api/callbacks/{entry.pk}/assign/", {"team": center["north"].pk}, format="json"
    )
    assert response.status_code == 403


def test_an_agent_closes_the_callback_assigned_to_them(center: dict[str, Any]) -> None:
    entry = CallbackFactory.create(agent=center["ivan"], status="assigned")
    response = api_client(center["agent_user"]).post(
        f"/api/callbacks/{entry.pk}/close/", {"outcome": "called_back", "note": "done"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["outcome"], body["closed_agent"]) == ("closed", "called_back", "Agent 1001")
    assert body["time_to_callback_s"] >= 60


def test_an_agent_cannot_close_someone_elses_callback(center: dict[str, Any]) -> None:
    entry = CallbackFactory.create(agent=center["anna"], status="assigned")
    response = api_client(center["agent_user"]).post(
        f"/api/callbacks/{entry.pk}/close/", {"outcome": "called_back"}, format="json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body", [{"outcome": "got_through"}, {"outcome": ""}, {}, {"outcome": "no_answer", "note": "x" * 201}]
)
def test_closing_with_a_bad_outcome_is_a_400_and_changes_nothing(
    manager_user: Any, body: dict[str, str]
) -> None:
    entry = CallbackFactory.create()
    response = api_client(manager_user).post(f"/api/callbacks/{entry.pk}/close/", body, format="json")
    assert response.status_code == 400
    assert Callback.objects.get(pk=entry.pk).status == "open"


def test_closing_a_closed_entry_is_a_400(manager_user: Any) -> None:
    entry = CallbackFactory.create(status="closed", outcome="called_back")
    response = api_client(manager_user).post(
        f"/api/callbacks/{entry.pk}/close/", {"outcome": "no_answer"}, format="json"
    )
    assert response.status_code == 400
    assert "already closed" in str(response.json())
