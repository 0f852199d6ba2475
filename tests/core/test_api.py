"""The shared API plumbing: bounded pagination, 409 for refused deletes, dates limited to a sane range."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.test import APIClient

from callcenter.agents.models import Agent
from callcenter.audit.models import AuditEntry
from callcenter.core.api import exception_handler
from callcenter.core.validators import MAX_DATE, MIN_DATE, validate_date_in_range
from callcenter.pbx.models import InboundRoute, Queue
from callcenter.wallboard.models import SpySession
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def _spy_on(center: dict[str, Any], agent: Agent, action_id: str) -> SpySession:
    return SpySession.objects.create(
        supervisor=center["sam"],
        agent=agent,
        server="node1",
        mode=SpySession.Mode.LISTEN,
        action_id=action_id,
        supervisor_channel="Local/900@supervisor",
        spyee=f"Local/{agent.extension}@agents",
    )


@pytest.mark.parametrize("url", ["/api/agents/", "/api/audit/", "/api/users/", "/api/dialer/leads/"])
def test_a_huge_limit_is_refused_with_the_accepted_range(admin_api: APIClient, center: Any, url: str) -> None:
    response = admin_api.get(url, {"limit": HUGE})
    assert response.status_code == 400
    assert response.json() == {"limit": ["“limit” must be a whole number from 1 to 1000."]}


@pytest.mark.parametrize("value", [HUGE, "-5", "abc", "²", "9" * 5000])
def test_an_offset_out_of_range_or_not_a_number_is_refused(
    admin_api: APIClient, center: Any, value: str
) -> None:
    response = admin_api.get("/api/agents/", {"offset": value})
    assert response.status_code == 400
    assert response.json() == {"offset": ["“offset” must be a whole number from 0 to 1000000000."]}


@pytest.mark.parametrize("value", ["0", "-1", "1001", "1.5", " 5"])
def test_a_limit_outside_one_to_the_maximum_is_refused(admin_api: APIClient, center: Any, value: str) -> None:
    assert admin_api.get("/api/agents/", {"limit": value}).status_code == 400


def test_limit_and_offset_within_bounds_page_through_the_list(admin_api: APIClient, center: Any) -> None:
    client = admin_api
    first = client.get("/api/agents/", {"limit": "1000", "offset": "0"}).json()
    second = client.get("/api/agents/", {"limit": "2", "offset": "2"}).json()
    everything = [row["extension"] for row in first["results"]]
    assert [row["extension"] for row in second["results"]] == everything[2:4]
    assert second["count"] == 4


def test_empty_limit_and_offset_mean_the_defaults(admin_api: APIClient, center: Any) -> None:
    response = admin_api.get("/api/agents/", {"limit": "", "offset": ""})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 4


def test_an_offset_past_the_end_gives_an_empty_page(admin_api: APIClient, center: Any) -> None:
    response = admin_api.get("/api/agents/", {"offset": "1000000000"})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_deleting_an_agent_a_spy_session_refers_to_is_a_conflict_naming_it(
    admin_api: APIClient, center: Any
) -> None:
    anna = center["anna"]
    spy = _spy_on(center, anna, "spy-1")
    audit_before = AuditEntry.objects.count()
    response = admin_api.delete(f"/api/agents/{anna.pk}/")
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == (f"It cannot be deleted while other records refer to it: spy session “{spy}”.")
    assert body["referenced_by"] == [{"model": "wallboard.spysession", "id": spy.pk, "name": str(spy)}]
    assert Agent.objects.filter(pk=anna.pk).exists()
    assert AuditEntry.objects.count() == audit_before


def test_a_conflict_names_five_referrers_and_counts_the_rest(admin_api: APIClient, center: Any) -> None:
    anna = center["anna"]
    spies = [_spy_on(center, anna, f"spy-{number}") for number in range(7)]
    body = admin_api.delete(f"/api/agents/{anna.pk}/").json()
    assert body["detail"].endswith(f"spy session “{spies[4]}” and 2 more.")
    assert len(body["referenced_by"]) == 7


def test_deleting_a_queue_an_inbound_route_sends_calls_to_is_a_conflict(
    admin_api: APIClient, center: Any
) -> None:
    support = center["support"]
    route = InboundRoute.objects.create(did="4950001", name="Main line", destination="queue", queue=support)
    response = admin_api.delete(f"/api/queues/{support.pk}/")
    assert response.status_code == 409
    assert f"“{route}”" in response.json()["detail"]
    assert Queue.objects.filter(pk=support.pk).exists()


def test_an_unreferenced_agent_is_deleted(admin_api: APIClient, center: Any) -> None:
    agent: Any = AgentFactory(extension="1301", member_name="Agent 1301")
    assert admin_api.delete(f"/api/agents/{agent.pk}/").status_code == 204
    assert not Agent.objects.filter(pk=agent.pk).exists()


def test_a_django_validation_error_from_any_view_becomes_a_400() -> None:
    response = exception_handler(DjangoValidationError({"__all__": ["Nope."], "name": ["Bad."]}), {})
    assert response is not None
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Nope."], "name": ["Bad."]}


@pytest.mark.parametrize(
    "value",
    [MIN_DATE, MAX_DATE, dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC)],
    ids=["min", "max", "datetime"],
)
def test_dates_inside_the_range_are_accepted(value: dt.date) -> None:
    validate_date_in_range(value)


@pytest.mark.parametrize(
    "value",
    [
        dt.date(1, 1, 1),
        dt.date(9999, 12, 31),
        MIN_DATE - dt.timedelta(days=1),
        MAX_DATE + dt.timedelta(days=1),
    ],
    ids=["year-1", "year-9999", "day-before-min", "day-after-max"],
)
def test_dates_outside_the_range_are_refused_naming_it(value: dt.date) -> None:
    with pytest.raises(DjangoValidationError) as caught:
        validate_date_in_range(value)
    assert caught.value.messages == [
        f"{value.isoformat()} is out of range: give a date from 1970-01-01 to 2100-12-31."
    ]


def test_the_conflict_message_follows_the_language_of_the_request(admin_api: APIClient, center: Any) -> None:
    anna = center["anna"]
    _spy_on(center, anna, "spy-ru")
    response = admin_api.delete(f"/api/agents/{anna.pk}/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.json()["detail"].startswith("Удалить нельзя, пока на эту запись ссылаются другие: ")
