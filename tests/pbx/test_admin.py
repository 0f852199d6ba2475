"""The admin's apply button, history and rollback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from callcenter.accounts.models import Role
from callcenter.pbx.models import ConfigApply, Queue
from tests.factories import AsteriskServerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    return client


def test_apply_button_applies_and_reports(
    full_center, node_server, fake_node, admin_client_logged_in, admin_user
):
    response = admin_client_logged_in.post(
        reverse("admin:pbx_asteriskserver_changelist"),
        {"action": "apply_configuration", "_selected_action": [node_server.pk]},
        follow=True,
    )
    assert response.status_code == 200
    entry = ConfigApply.objects.get()
    assert (entry.status, entry.actor) == (ConfigApply.Status.APPLIED, admin_user)
    shown = [str(message) for message in response.context["messages"]]
    assert shown and shown[0].startswith("node1: applied (version 1, changed: "), shown
    history = admin_client_logged_in.get(reverse("admin:pbx_configapply_change", args=[entry.pk]))
    assert history.status_code == 200 and "queues.conf" in history.content.decode()


def test_rollback_action_puts_the_chosen_version_back(
    full_center, node_server, fake_node, admin_client_logged_in
):
    changelist = reverse("admin:pbx_asteriskserver_changelist")
    admin_client_logged_in.post(
        changelist, {"action": "apply_configuration", "_selected_action": [node_server.pk]}
    )
    Queue.objects.filter(name="sales").update(strategy="random")
    admin_client_logged_in.post(
        changelist, {"action": "apply_configuration", "_selected_action": [node_server.pk]}
    )
    first = ConfigApply.objects.get(version=1)
    admin_client_logged_in.post(
        reverse("admin:pbx_configapply_changelist"),
        {"action": "roll_back_to_version", "_selected_action": [first.pk]},
    )
    assert os.readlink(Path(node_server.config_dir) / "live") == "versions/0001"
    assert ConfigApply.objects.filter(kind="rollback", status="applied", version=1).exists()


def test_a_staff_user_who_is_not_an_admin_cannot_apply(full_center, node_server, fake_node, client):
    staff = UserFactory(username="staffsup", role=Role.SUPERVISOR, is_staff=True, is_superuser=False)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_asteriskserver", "change_asteriskserver"])
    )
    client.force_login(staff)
    client.post(
        reverse("admin:pbx_asteriskserver_changelist"),
        {"action": "apply_configuration", "_selected_action": [node_server.pk]},
    )
    assert not ConfigApply.objects.exists()
    assert fake_node.actions == []


def test_server_change_form_edits_the_recordings_directory(admin_client_logged_in):
    server = AsteriskServerFactory(name="node1")
    url = reverse("admin:pbx_asteriskserver_change", args=[server.pk])
    form = admin_client_logged_in.get(url)
    assert 'name="recordings_dir"' in form.content.decode()
    data = {
        "name": "node1",
        "ami_host": "127.0.0.1",
        "ami_port": "5038",
        "ami_username": "ccadmin",
        "ami_secret": "ccadmin-dummy-secret",
        "ami_secret_env": "",
        "queue_log_path": "/var/log/asterisk/queue_log",
        "config_dir": "/etc/asterisk/callcenter",
        "recordings_dir": "/srv/recordings",
        "sip_port": "5070",
        "enabled": "on",
    }
    assert admin_client_logged_in.post(url, data).status_code == 302
    server.refresh_from_db()
    assert (server.recordings_dir, server.sip_port) == ("/srv/recordings", 5070)
