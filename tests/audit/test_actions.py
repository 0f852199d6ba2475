"""Audited saves record who changed what, and never the secrets."""

from __future__ import annotations

import pytest
from django.test import Client

from callcenter.accounts.models import User
from callcenter.audit.actions import delete_audited, save_validated
from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import AsteriskServer, Queue

pytestmark = pytest.mark.django_db


def test_update_records_only_changed_fields(admin_user: User) -> None:
    queue = save_validated(admin_user, Queue(name="support"))
    queue.timeout = 30
    save_validated(admin_user, queue)
    entry = AuditEntry.objects.filter(action="update").get()
    assert entry.changes == {"timeout": [15, 30]}


def test_secret_is_masked_in_the_log(admin_user: User) -> None:
    save_validated(admin_user, AsteriskServer(name="n1", ami_username="cc", ami_secret="hunter2-secret"))
    entry = AuditEntry.objects.get(action="create")
    assert entry.changes["ami_secret"] == [None, "***"]
    assert "hunter2" not in str(entry.changes)


def test_delete_is_recorded(admin_user: User) -> None:
    queue = save_validated(admin_user, Queue(name="support"))
    delete_audited(admin_user, queue)
    assert AuditEntry.objects.filter(action="delete", object_repr="support").exists()
    assert not Queue.objects.exists()


def test_admin_site_saves_through_actions(admin_client: Client, admin_user: User) -> None:
    response = admin_client.post(
        "/admin/pbx/queue/add/",
        {
            "name": "billing",
            "strategy": "ringall",
            "timeout": 15,
            "retry": 5,
            "wrapuptime": 0,
            "maxlen": 0,
            "max_wait": 0,
            "service_level": 20,
            "weight": 0,
            "joinempty": "yes",
            "leavewhenempty": "no",
            "announce_position": "no",
            "announce_holdtime": "no",
            "announce_frequency": 0,
            "announce_round_seconds": 0,
            "periodic_announce_frequency": 0,
            "music_class": "default",
            "recording": "none",
            "wait_amber_s": 30,
            "wait_red_s": 60,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AuditEntry.objects.filter(action="create", object_repr="billing", actor=admin_user).exists()


def test_admin_form_refuses_hostile_name(admin_client: Client) -> None:
    response = admin_client.post("/admin/pbx/queue/add/", {"name": "bill;ing", "strategy": "ringall"})
    assert response.status_code == 200
    assert "forbidden character ;" in response.content.decode()
    assert not Queue.objects.exists()
