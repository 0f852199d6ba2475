"""The users API: administrators only, validated writes through the account actions, and its refusals."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from callcenter.accounts.api import UserSerializer
from callcenter.accounts.models import Role, User
from callcenter.audit.models import AuditEntry
from tests.harness import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(db: None) -> User:
    """Sam the supervisor, whose account the tests change."""
    return personas.supervisor("sam")


def test_an_administrator_lists_users_by_name_without_their_passwords(admin_api: APIClient) -> None:
    personas.agent_user("zoe")
    personas.supervisor("bob")
    response = admin_api.get("/api/users/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["username"] for row in rows] == ["alice", "bob", "zoe"]
    assert list(rows[0]) == UserSerializer.Meta.fields
    assert "password" not in rows[0]


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.MANAGER, Role.PAYROLL, Role.AGENT])
def test_nobody_but_an_administrator_reads_the_users(role: str) -> None:
    response = personas.api_client(personas.person("someone", role)).get("/api/users/")
    assert response.status_code == 403
    assert list(response.json()) == ["detail"]


def test_an_anonymous_client_is_refused() -> None:
    response = APIClient().get("/api/users/")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


def test_a_supervisor_cannot_change_their_own_role(sam: User) -> None:
    response = personas.api_client(sam).patch(f"/api/users/{sam.pk}/", {"role": Role.ADMIN}, format="json")
    assert response.status_code == 403
    sam.refresh_from_db()
    assert sam.role == Role.SUPERVISOR


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("role", "boss", id="unknown-role"),
        pytest.param("language", "xx", id="unknown-language"),
        pytest.param("username", "alice", id="taken-user-name"),
    ],
)
def test_a_bad_value_is_refused_by_the_fields_name_and_not_saved(
    admin_api: APIClient, sam: User, field: str, value: str
) -> None:
    before = (sam.username, sam.role, sam.language)
    response = admin_api.patch(f"/api/users/{sam.pk}/", {field: value}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    sam.refresh_from_db()
    assert (sam.username, sam.role, sam.language) == before


def test_a_user_that_does_not_exist_is_a_json_404(admin_api: APIClient) -> None:
    response = admin_api.patch("/api/users/999999/", {"first_name": "X"}, format="json")
    assert response.status_code == 404
    assert list(response.json()) == ["detail"]


def test_a_role_change_goes_through_the_actions_and_is_audited(
    admin_api: APIClient, admin_user: User, sam: User
) -> None:
    response = admin_api.patch(f"/api/users/{sam.pk}/", {"role": Role.ADMIN}, format="json")
    assert response.status_code == 200
    sam.refresh_from_db()
    assert sam.is_staff is True  # administrators get the admin site (accounts.actions.save)
    entry = AuditEntry.objects.filter(action="update", object_id=str(sam.pk)).latest("id")
    assert entry.actor == admin_user
    assert entry.changes["role"] == [Role.SUPERVISOR, Role.ADMIN]


def test_a_delete_is_audited(admin_api: APIClient, admin_user: User, sam: User) -> None:
    pk = sam.pk
    assert admin_api.delete(f"/api/users/{pk}/").status_code == 204
    assert not User.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(pk), actor=admin_user).exists()


def test_an_administrator_reads_one_user_without_the_password(admin_api: APIClient, sam: User) -> None:
    response = admin_api.get(f"/api/users/{sam.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["username"], body["role"]) == (sam.pk, "sam", Role.SUPERVISOR)
    assert "password" not in body


def test_a_supervisor_cannot_read_their_own_record_either(sam: User) -> None:
    response = personas.api_client(sam).get(f"/api/users/{sam.pk}/")
    assert response.status_code == 403
    assert list(response.json()) == ["detail"]


def test_an_administrator_demoted_through_the_api_loses_the_admin_site(admin_api: APIClient) -> None:
    root = personas.admin("root")
    assert root.is_staff
    response = admin_api.patch(f"/api/users/{root.pk}/", {"role": Role.MANAGER}, format="json")
    assert response.status_code == 200, response.content
    root.refresh_from_db()
    assert (root.role, root.is_staff) == (Role.MANAGER, False)


def test_a_deactivated_user_is_kept_and_marked_inactive(admin_api: APIClient, sam: User) -> None:
    response = admin_api.patch(f"/api/users/{sam.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is False
    sam.refresh_from_db()
    assert sam.is_active is False
