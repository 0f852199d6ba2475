"""Node groups in the admin: a node joins a group on its page; the group is applied all or nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from callcenter.accounts.models import User
from callcenter.pbx.models import AsteriskServer, GroupApply, NodeGroup
from tests.factories import AsteriskServerFactory
from tests.pbx.server_form import server_change_form

pytestmark = pytest.mark.django_db


def test_the_apply_action_applies_the_group_and_reports_every_node(
    group: NodeGroup, admin_client: Client, admin_user: User
) -> None:
    response = admin_client.post(
        reverse("admin:pbx_nodegroup_changelist"),
        {"action": "apply_group", "_selected_action": [group.pk]},
        follow=True,
    )
    result = GroupApply.objects.get()
    assert (result.status, result.actor) == (GroupApply.Status.APPLIED, admin_user)
    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["front: applied (node-a: applied, node-b: applied)"]
    history = admin_client.get(reverse("admin:pbx_groupapply_change", args=[result.pk]))
    assert history.status_code == 200 and "node-b" in history.content.decode()


def test_a_group_without_nodes_is_an_error_message_not_a_failure(admin_client: Client) -> None:
    empty = NodeGroup.objects.create(name="empty")
    response = admin_client.post(
        reverse("admin:pbx_nodegroup_changelist"),
        {"action": "apply_group", "_selected_action": [empty.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["The node group “empty” has no enabled node."]
    assert not GroupApply.objects.exists()


def test_a_node_joins_a_group_on_its_change_form(admin_client: Client) -> None:
    front = NodeGroup.objects.create(name="front")
    server = AsteriskServerFactory(name="node1")
    url = reverse("admin:pbx_asteriskserver_change", args=[server.pk])
    data = server_change_form(group=str(front.pk))
    assert admin_client.post(url, data).status_code == 302
    assert AsteriskServer.objects.get(pk=server.pk).group == front
    page = admin_client.get(reverse("admin:pbx_nodegroup_change", args=[front.pk]))
    assert "node1" in page.content.decode()
