"""Sign-ins, failed sign-ins, lockouts and sign-outs are written into the audit log."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from callcenter.accounts import actions as account_actions
from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from tests.harness.sign_in import ADDRESS, LIMIT, PASSWORD, fail, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lockout")]

# A wrong password whose text is looked for in what the audit log keeps.
WRONG = "hunter2-not-the-password"


@pytest.mark.parametrize(
    ("password", "action", "signs_in", "result"),
    [
        pytest.param(PASSWORD, "sign_in", True, "ok", id="signed-in"),
        pytest.param(WRONG, "sign_in_failed", False, "failed", id="failed"),
    ],
)
def test_a_sign_in_is_audited_with_the_name_tried_and_address(
    client: Client, bob: User, password: str, action: str, signs_in: bool, result: str
) -> None:
    sign_in(client, password)
    entry = AuditEntry.objects.get(action=action)
    assert (entry.actor, entry.actor_name, entry.object_type, entry.object_id, entry.result) == (
        bob if signs_in else None,
        "bob",
        "accounts.user",
        str(bob.pk),
        result,
    )
    assert entry.changes == {"username": "bob", "ip_address": ADDRESS}


def test_a_failed_sign_in_never_records_the_password(client: Client, bob: User) -> None:
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


def test_a_lockout_is_audited_with_the_name_and_address(client: Client, bob: User) -> None:
    fail(client, LIMIT)
    entry = AuditEntry.objects.get(action="sign_in_locked_out")
    assert (entry.actor_name, entry.object_id, entry.result) == ("bob", str(bob.pk), "locked")
    assert entry.changes == {"username": "bob", "ip_address": ADDRESS}


def test_no_lockout_is_audited_before_the_limit(client: Client, bob: User) -> None:
    fail(client, LIMIT - 1)
    assert not AuditEntry.objects.filter(action="sign_in_locked_out").exists()
    assert AuditEntry.objects.filter(action="sign_in_failed").count() == LIMIT - 1


def test_a_sign_out_is_audited(client: Client, bob: User) -> None:
    sign_in(client, PASSWORD)
    client.post("/accounts/logout/", REMOTE_ADDR=ADDRESS)
    entry = AuditEntry.objects.get(action="sign_out")
    assert (entry.actor, entry.object_id) == (bob, str(bob.pk))
    assert entry.changes == {"username": "bob", "ip_address": ADDRESS}


def test_lifting_a_lockout_is_audited_with_the_admin(client: Client, bob: User, admin_user: User) -> None:
    fail(client, LIMIT)
    account_actions.lift_lockout(admin_user, bob)
    entry = AuditEntry.objects.get(action="lift_lockout")
    assert (entry.actor, entry.object_id) == (admin_user, str(bob.pk))
    assert entry.changes == {"failure_records_removed": 1}


def test_sign_in_entries_are_listed_by_the_audit_api(client: Client, bob: User, admin_api: APIClient) -> None:
    sign_in(client, WRONG)
    rows = admin_api.get("/api/audit/", {"limit": 50}).json()["results"]
    failed = [row for row in rows if row["action"] == "sign_in_failed"]
    assert [(row["actor_name"], row["changes"]) for row in failed] == [
        ("bob", {"username": "bob", "ip_address": ADDRESS})
    ]


def test_sign_in_entries_are_shown_in_the_audit_admin(
    client: Client, bob: User, admin_client: Client
) -> None:
    sign_in(client, WRONG)
    response = admin_client.get("/admin/audit/auditentry/", {"action": "sign_in_failed"})
    assert response.status_code == 200
    assert "sign_in_failed" in response.content.decode()


def test_a_sign_out_without_a_session_writes_nothing(client: Client) -> None:
    client.post("/accounts/logout/", REMOTE_ADDR=ADDRESS)
    assert not AuditEntry.objects.filter(action="sign_out").exists()
