"""Sign-ins, failed sign-ins, lockouts and sign-outs are written into the audit log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings
from rest_framework.test import APIClient

from callcenter.accounts import actions as account_actions
from callcenter.accounts.models import Role
from callcenter.audit.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
WRONG = "hunter2-not-the-password"
ADDRESS = "10.0.0.7"
LIMIT = 3


@pytest.fixture(autouse=True)
def _lockout_settings(settings: Settings) -> None:
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)


@pytest.fixture
def bob(db: None) -> Any:
    return UserFactory(username="bob", role=Role.SUPERVISOR)


def sign_in(client: Client, password: str, username: str = "bob") -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ADDRESS)


def test_a_sign_in_is_audited_with_user_and_address(client: Client, bob: Any) -> None:
    sign_in(client, PASSWORD)
    entry = AuditEntry.objects.get(action="sign_in")
    assert (entry.actor, entry.actor_name, entry.object_type, entry.object_id, entry.result) == (
        bob,
        "bob",
        "accounts.user",
        str(bob.pk),
        "ok",
    )
    assert entry.changes == {"username": "bob", "ip_address": ADDRESS}


def test_a_failed_sign_in_is_audited_with_the_name_tried_and_address(client: Client, bob: Any) -> None:
    sign_in(client, WRONG)
    entry = AuditEntry.objects.get(action="sign_in_failed")
    assert (entry.actor, entry.actor_name, entry.object_id, entry.result) == (
        None,
        "bob",
        str(bob.pk),
        "failed",
    )
    assert entry.changes == {"username": "bob", "ip_address": ADDRESS}


def test_a_failed_sign_in_never_records_the_password(client: Client, bob: Any) -> None:
    sign_in(client, WRONG)
    entry = AuditEntry.objects.get(action="sign_in_failed")
    written = " ".join(str(value) for value in entry.__dict__.values())
    assert "hunter2" not in written


def test_a_failed_sign_in_of_an_unknown_name_is_audited(client: Client) -> None:
    sign_in(client, WRONG, username="mallory")
    entry = AuditEntry.objects.get(action="sign_in_failed")
    assert (entry.actor_name, entry.object_type, entry.object_id, entry.object_repr) == (
        "mallory",
        "accounts.user",
        "",
        "mallory",
    )


def test_an_overlong_user_name_is_audited_cut_to_the_column(client: Client) -> None:
    sign_in(client, WRONG, username="m" * 500)
    entry = AuditEntry.objects.get(action="sign_in_failed")
    assert entry.actor_name == "m" * 150


def test_a_lockout_is_audited_with_the_name_and_address(client: Client, bob: Any) -> None:
    for _ in range(LIMIT):
        sign_in(client, WRONG)
    entry = AuditEntry.objects.get(action="sign_in_locked_out")
    assert (entry.actor_name, entry.object_id, entry.result) == ("bob", str(bob.pk), "locked")
    assert entry.changes == {"username": "bob", "ip_address": ADDRESS}


def test_no_lockout_is_audited_before_the_limit(client: Client, bob: Any) -> None:
    for _ in range(LIMIT - 1):
        sign_in(client, WRONG)
    assert not AuditEntry.objects.filter(action="sign_in_locked_out").exists()
    assert AuditEntry.objects.filter(action="sign_in_failed").count() == LIMIT - 1


def test_a_sign_out_is_audited(client: Client, bob: Any) -> None:
    sign_in(client, PASSWORD)
    client.post("/accounts/logout/", REMOTE_ADDR=ADDRESS)
    entry = AuditEntry.objects.get(action="sign_out")
    assert (entry.actor, entry.object_id) == (bob, str(bob.pk))
    assert entry.changes == {"username": "bob", "ip_address": ADDRESS}


def test_lifting_a_lockout_is_audited_with_the_admin(client: Client, bob: Any, admin_user: Any) -> None:
    for _ in range(LIMIT):
        sign_in(client, WRONG)
    account_actions.lift_lockout(admin_user, bob)
    entry = AuditEntry.objects.get(action="lift_lockout")
    assert (entry.actor, entry.object_id) == (admin_user, str(bob.pk))
    assert entry.changes == {"failure_records_removed": 1}


def test_sign_in_entries_are_listed_by_the_audit_api(client: Client, bob: Any, admin_user: Any) -> None:
    sign_in(client, WRONG)
    api = APIClient()
    api.force_authenticate(admin_user)
    rows = api.get("/api/audit/", {"limit": 50}).json()["results"]
    failed = [row for row in rows if row["action"] == "sign_in_failed"]
    assert [(row["actor_name"], row["changes"]) for row in failed] == [
        ("bob", {"username": "bob", "ip_address": ADDRESS})
    ]


def test_sign_in_entries_are_shown_in_the_audit_admin(client: Client, bob: Any, admin_user: Any) -> None:
    sign_in(client, WRONG)
    admin_user.is_superuser = True
    admin_user.save()
    admin = Client()
    admin.force_login(admin_user)
    response = admin.get("/admin/audit/auditentry/", {"action": "sign_in_failed"})
    assert response.status_code == 200
    assert "sign_in_failed" in response.content.decode()


def test_a_sign_out_without_a_session_writes_nothing(client: Client) -> None:
    client.post("/accounts/logout/", REMOTE_ADDR=ADDRESS)
    assert not AuditEntry.objects.filter(action="sign_out").exists()
