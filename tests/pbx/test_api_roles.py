"""Who reads which PBX objects through the API: queues by membership and team, holidays for payroll, trunks
for administrators only, with their secrets never read back."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.pbx.models import Holiday, Schedule, Trunk
from tests.factories import QueueMembershipFactory
from tests.harness import personas
from tests.harness.personas import Center

pytestmark = pytest.mark.django_db


def _queue_names(client: APIClient) -> list[str]:
    response = client.get("/api/queues/")
    assert response.status_code == 200
    return sorted(row["name"] for row in response.json()["results"])


def test_an_agent_reads_only_the_queues_they_are_a_member_of(center: Center) -> None:
    assert _queue_names(personas.api_client(center["agent_user"])) == ["support"]


def test_a_supervisor_also_reads_a_queue_their_teams_agent_works(center: Center) -> None:
    client = personas.api_client(center["sam"])
    assert _queue_names(client) == ["support"]
    QueueMembershipFactory.create(agent=center["anna"], queue=center["sales"])
    assert _queue_names(client) == ["sales", "support"]


def test_a_manager_reads_every_queue(center: Center, manager_user: User) -> None:
    assert _queue_names(personas.api_client(manager_user)) == ["sales", "support"]


def test_payroll_reads_holidays_but_not_queues_or_schedules(center: Center, payroll_user: User) -> None:
    schedule = Schedule.objects.create(name="business-hours")
    Holiday.objects.create(schedule=schedule, date=date(2027, 1, 1), name="New Year")
    client = personas.api_client(payroll_user)
    rows = client.get("/api/holidays/").json()["results"]
    assert [(row["date"], row["name"]) for row in rows] == [("2027-01-01", "New Year")]
    assert client.get("/api/queues/").status_code == 403
    assert client.get("/api/schedules/").status_code == 403


def test_a_manager_may_not_read_trunks(manager_user: User) -> None:
    assert personas.api_client(manager_user).get("/api/trunks/").status_code == 403


def test_a_trunk_secret_is_written_but_never_read_back(admin_api: APIClient) -> None:
    response = admin_api.post(
        "/api/trunks/",
        {
            "name": "carrier-a",
            "host": "sip.carrier-a.example",
            "username": "acct77",
            "secret": "trunk-Secret-42",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert "secret" not in response.json()
    listed = admin_api.get("/api/trunks/").content.decode()
    assert "trunk-Secret-42" not in listed
    assert Trunk.objects.get(name="carrier-a").secret == "trunk-Secret-42"
