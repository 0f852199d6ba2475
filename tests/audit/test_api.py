"""The audit log's API: administrators read it, nobody writes it (not even they), other roles are refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.audit.actions import record
from callcenter.audit.models import AuditEntry
from tests.harness import personas

pytestmark = pytest.mark.django_db


def test_an_administrator_reads_an_entry_with_its_fields(admin_api: APIClient, admin_user: User) -> None:
    entry = record(admin_user, "reload", object_type="pbx.server", object_repr="node1", detail="ok")
    body = admin_api.get(f"/api/audit/{entry.pk}/").json()
    assert (body["actor"], body["actor_name"], body["action"]) == (admin_user.pk, "alice", "reload")
    assert (body["object_type"], body["object_repr"], body["result"], body["detail"]) == (
        "pbx.server",
        "node1",
        "ok",
        "ok",
    )


@pytest.mark.parametrize(
    "builder", [personas.manager, personas.supervisor, personas.payroll, personas.agent_user]
)
def test_no_other_role_may_read_the_log(builder: Callable[..., User]) -> None:
    response = personas.api_client(builder()).get("/api/audit/")
    assert response.status_code == 403


def test_an_anonymous_client_is_refused() -> None:
    assert APIClient().get("/api/audit/").status_code in (401, 403)


def test_the_log_cannot_be_written_through_the_api(admin_api: APIClient, admin_user: User) -> None:
    entry = record(admin_user, "reload")
    assert admin_api.post("/api/audit/", {"action": "forged"}, format="json").status_code == 403
    assert admin_api.patch(f"/api/audit/{entry.pk}/", {"action": "x"}, format="json").status_code == 403
    assert admin_api.delete(f"/api/audit/{entry.pk}/").status_code == 403
    assert AuditEntry.objects.get().action == "reload"


def test_an_entry_that_does_not_exist_is_a_json_404(admin_api: APIClient) -> None:
    response = admin_api.get("/api/audit/999999/")
    assert response.status_code == 404
    assert list(response.json()) == ["detail"]


def test_the_log_is_listed_newest_first(admin_api: APIClient, admin_user: User) -> None:
    first = record(admin_user, "reload")
    second = record(admin_user, "reset")
    rows = admin_api.get("/api/audit/").json()["results"]
    assert [row["id"] for row in rows] == [second.pk, first.pk]


def test_an_entry_of_an_object_names_its_type_and_id(admin_api: APIClient, admin_user: User) -> None:
    entry = record(admin_user, "update", admin_user, changes={"first_name": ["", "Alice"]})
    body = admin_api.get(f"/api/audit/{entry.pk}/").json()
    assert (body["object_type"], body["object_id"], body["object_repr"]) == (
        "accounts.user",
        str(admin_user.pk),
        "alice",
    )
    assert body["changes"] == {"first_name": ["", "Alice"]}


def test_the_log_is_read_a_page_at_a_time(admin_api: APIClient, admin_user: User) -> None:
    for action in ("reload", "reset", "apply"):
        record(admin_user, action)
    page = admin_api.get("/api/audit/", {"limit": 2}).json()
    assert (page["count"], len(page["results"])) == (3, 2)
    rest = admin_api.get(page["next"]).json()
    assert [row["action"] for row in rest["results"]] == ["reload"]
