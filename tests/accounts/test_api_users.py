"""The users API: administrators only, validated writes through the account actions, and its refusals."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from callcenter.accounts.models import Role, User
from callcenter.audit.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FIELDS = [
    "id",
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "language",
    "phone_extension",
    "is_active",
]


def _client(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_an_administrator_lists_users_by_name_without_their_passwords(admin_user: Any) -> None:
    UserFactory.create(username="zoe", role=Role.AGENT)
    UserFactory.create(username="bob", role=Role.SUPERVISOR)
    response = _client(admin_user).get("/api/users/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["username"] for row in rows] == ["alice", "bob", "zoe"]
    assert list(rows[0]) == FIELDS


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.MANAGER, Role.PAYROLL, Role.AGENT])
def test_nobody_but_an_administrator_reads_the_users(role: str) -> None:
    response = _client(UserFactory.create(role=role)).get("/api/users/")
    assert response.status_code == 403
    assert list(response.json()) == ["detail"]


def test_an_anonymous_client_is_refused() -> None:
    response = _client().get("/api/users/")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


def test_a_supervisor_cannot_change_their_own_role() -> None:
    sam: Any = UserFactory.create(username="sam", role=Role.SUPERVISOR)
    response = _client(sam).patch(f"/api/users/{sam.pk}/", {"role": Role.ADMIN}, format="json")
    assert response.status_code == 403
    sam.refresh_from_db()
    assert sam.role == Role.SUPERVISOR


def test_an_unknown_role_is_refused_by_name(admin_user: Any) -> None:
    sam: Any = UserFactory.create(username="sam", role=Role.SUPERVISOR)
    response = _client(admin_user).patch(f"/api/users/{sam.pk}/", {"role": "boss"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["role"]


def test_an_unknown_language_is_refused_by_name(admin_user: Any) -> None:
    sam: Any = UserFactory.create(username="sam")
    response = _client(admin_user).patch(f"/api/users/{sam.pk}/", {"language": "xx"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["language"]


def test_a_user_that_does_not_exist_is_a_json_404(admin_user: Any) -> None:
    response = _client(admin_user).patch("/api/users/999999/", {"first_name": "X"}, format="json")
    assert response.status_code == 404
    assert list(response.json()) == ["detail"]


def test_a_role_change_goes_through_the_actions_and_is_audited(admin_user: Any) -> None:
    sam: Any = UserFactory.create(username="sam", role=Role.SUPERVISOR)
    response = _client(admin_user).patch(f"/api/users/{sam.pk}/", {"role": Role.ADMIN}, format="json")
    assert response.status_code == 200
    sam.refresh_from_db()
    assert sam.is_staff is True  # administrators get the admin site (accounts.actions.save)
    entry = AuditEntry.objects.filter(action="update", object_id=str(sam.pk)).latest("id")
    assert entry.actor == admin_user
    assert entry.changes["role"] == [Role.SUPERVISOR, Role.ADMIN]


def test_a_taken_user_name_is_refused_by_name(admin_user: Any) -> None:
    sam: Any = UserFactory.create(username="sam")
    response = _client(admin_user).patch(f"/api/users/{sam.pk}/", {"username": "alice"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["username"]


def test_a_delete_is_audited(admin_user: Any) -> None:
    sam: Any = UserFactory.create(username="sam")
    pk = sam.pk
    assert _client(admin_user).delete(f"/api/users/{pk}/").status_code == 204
    assert not User.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(pk), actor=admin_user).exists()
