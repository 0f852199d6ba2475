"""The nodes' admin: dry runs, the rollback's choice, write-only phone passwords, the music class list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import AsteriskServer, ConfigApply, PhoneAccount, Queue
from tests.factories import QueueFactory
from tests.harness.reload import ReloadingNode
from tests.pbx.audio_factories import MusicOnHoldClassFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db


def _messages(response: _MonkeyPatchedWSGIResponse) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_dry_run_action_reports_and_leaves_the_node_alone(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode, admin_client: Client
) -> None:
    response = admin_client.post(
        reverse("admin:pbx_asteriskserver_changelist"),
        {"action": "dry_run_configuration", "_selected_action": [node_server.pk]},
        follow=True,
    )
    shown = _messages(response)
    assert len(shown) == 1 and shown[0].startswith("node1: dry run (version -, changed: "), shown
    assert ConfigApply.objects.get().status == ConfigApply.Status.DRY_RUN
    assert not (Path(node_server.config_dir) / "live").exists()
    assert fake_node.reloads() == []


def test_a_refused_apply_is_reported_as_an_error_with_its_reason(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode, admin_client: Client
) -> None:
    Queue.objects.filter(name="vip").update(exit_context="bad;context")
    response = admin_client.post(
        reverse("admin:pbx_asteriskserver_changelist"),
        {"action": "apply_configuration", "_selected_action": [node_server.pk]},
        follow=True,
    )
    (message,) = list(response.context["messages"])
    assert message.level_tag == "error"
    assert str(message).startswith("node1: refused (invalid) (version -")
    assert "vip" in str(message)


def test_a_rollback_needs_exactly_one_applied_version(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode, admin_client: Client
) -> None:
    changelist = reverse("admin:pbx_asteriskserver_changelist")
    selected = {"_selected_action": [node_server.pk]}
    admin_client.post(changelist, {"action": "dry_run_configuration", **selected}, follow=True)
    admin_client.post(changelist, {"action": "apply_configuration", **selected}, follow=True)
    Queue.objects.filter(name="sales").update(strategy="random")
    admin_client.post(changelist, {"action": "apply_configuration", **selected}, follow=True)
    first, second = ConfigApply.objects.filter(status=ConfigApply.Status.APPLIED).order_by("version")
    dry_run = ConfigApply.objects.get(status=ConfigApply.Status.DRY_RUN)
    for chosen in ([first.pk, second.pk], [dry_run.pk]):
        response = admin_client.post(
            reverse("admin:pbx_configapply_changelist"),
            {"action": "roll_back_to_version", "_selected_action": chosen},
            follow=True,
        )
        assert _messages(response) == ["Choose exactly one applied version."]
    assert not ConfigApply.objects.filter(kind=ConfigApply.Kind.ROLLBACK).exists()


def test_the_apply_history_cannot_be_added_to(admin_client: Client) -> None:
    assert admin_client.get(reverse("admin:pbx_configapply_add")).status_code == 403


def test_a_phone_password_is_write_only(admin_client: Client) -> None:
    account = PhoneAccount.objects.create(extension="1001", secret="agent-1001-Secret")
    url = reverse("admin:pbx_phoneaccount_change", args=[account.pk])
    assert "agent-1001-Secret" not in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"extension": "1001", "secret": "agent-1001-Changed"})
    assert response.status_code == 302
    assert PhoneAccount.objects.get().secret == "agent-1001-Changed"
    entry = AuditEntry.objects.get(action="update", object_type="pbx.phoneaccount")
    assert "agent-1001" not in str(entry.changes)


def test_a_music_class_neither_default_nor_uploaded_is_kept_on_the_form(admin_client: Client) -> None:
    MusicOnHoldClassFactory.create(name="calm")
    queue = QueueFactory.create(name="support")
    Queue.objects.filter(pk=queue.pk).update(music_class="node-own")  # stored before the class was deleted
    page = admin_client.get(reverse("admin:pbx_queue_change", args=[queue.pk])).content.decode()
    assert '<option value="node-own" selected>node-own</option>' in page
    assert "default (the node&#x27;s own music)" in page
