"""What one audit entry holds: the actor's name for people, names and the system, objects and their snapshots."""

from __future__ import annotations

import pytest
from django.test import Client

from callcenter.accounts.models import User
from callcenter.agents.models import Team
from callcenter.audit.actions import record, save_validated
from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import PhoneAccount
from tests.factories import QueueFactory

pytestmark = pytest.mark.django_db


def test_an_entry_without_an_actor_is_the_systems() -> None:
    entry = record(None, "beat_tick")
    assert (entry.actor, entry.actor_name, entry.result) == (None, "system", "ok")
    assert (entry.object_type, entry.object_id, entry.object_repr, entry.changes) == ("", "", "", {})


def test_an_actor_given_by_name_is_recorded_without_a_user() -> None:
    entry = record("hr-sync", "import")
    assert (entry.actor, entry.actor_name) == (None, "hr-sync")


def test_an_entry_about_an_object_names_its_type_id_and_text(admin_user: User) -> None:
    queue = QueueFactory.create(name="support")
    entry = record(admin_user, "reset", queue)
    assert (entry.actor, entry.object_type, entry.object_id, entry.object_repr) == (
        admin_user,
        "pbx.queue",
        str(queue.pk),
        str(queue),
    )


def test_a_long_object_text_is_cut_to_the_column() -> None:
    entry = record(None, "note", object_repr="x" * 300)
    entry.refresh_from_db()
    assert entry.object_repr == "x" * 200


def test_many_to_many_values_are_recorded_as_primary_keys(admin_user: User) -> None:
    support = QueueFactory.create(name="support")
    team = save_validated(admin_user, Team(name="North"), m2m={"queues": [support]})
    save_validated(admin_user, team, m2m={"queues": []})
    created = AuditEntry.objects.filter(action="create", object_type="agents.team").get()
    assert created.changes["name"] == [None, "North"]
    assert created.changes["queues"] == [None, [support.pk]]
    updated = AuditEntry.objects.filter(action="update", object_type="agents.team").get()
    assert updated.changes == {"queues": [[support.pk], []]}


def test_the_admin_may_not_add_change_or_delete_entries(admin_client: Client, admin_user: User) -> None:
    entry = record(admin_user, "reload")
    assert admin_client.get("/admin/audit/auditentry/add/").status_code == 403
    assert (
        admin_client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    page = admin_client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


def test_a_changed_secret_is_audited_without_its_value() -> None:
    account = PhoneAccount.objects.create(extension="4001", secret="first-Secret-123")
    account.secret = "second-Secret-456"
    save_validated(None, account)
    entry = AuditEntry.objects.filter(action="update").latest("pk")
    assert entry.changes == {"secret": ["***", "*** (changed)"]}
    assert "second-Secret-456" not in str(entry.changes)


def test_a_secret_saved_unchanged_is_not_a_change() -> None:
    account = PhoneAccount.objects.create(extension="4002", secret="first-Secret-123")
    save_validated(None, account)
    assert AuditEntry.objects.filter(action="update").latest("pk").changes == {}
