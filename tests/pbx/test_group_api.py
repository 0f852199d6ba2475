"""Node groups in the REST API: admins only, validated like every model, applied all or nothing."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import AsteriskServer, GroupApply, NodeGroup
from tests.factories import AsteriskServerFactory
from tests.harness import personas

pytestmark = pytest.mark.django_db


def test_an_admin_creates_a_group_and_puts_a_node_in_it(admin_api: APIClient) -> None:
    response = admin_api.post("/api/node-groups/", {"name": "front", "description": "Moscow"}, format="json")
    assert response.status_code == 201, response.content
    front = NodeGroup.objects.get(name="front")
    assert AuditEntry.objects.filter(action="create", object_type="pbx.nodegroup").exists()
    node = AsteriskServerFactory(name="node1")
    assert admin_api.patch(f"/api/servers/{node.pk}/", {"group": front.pk}, format="json").status_code == 200
    assert admin_api.get(f"/api/node-groups/{front.pk}/").json()["nodes"] == ["node1"]


def test_a_hostile_group_name_is_a_400_and_nothing_is_saved(admin_api: APIClient) -> None:
    response = admin_api.post("/api/node-groups/", {"name": "front\n[evil]"}, format="json")
    assert response.status_code == 400 and "name" in response.json()
    assert not NodeGroup.objects.exists()


def test_a_group_with_nodes_is_not_deleted(admin_api: APIClient) -> None:
    front = NodeGroup.objects.create(name="front")
    AsteriskServerFactory(name="node1", group=front)
    assert admin_api.delete(f"/api/node-groups/{front.pk}/").status_code == 409
    assert NodeGroup.objects.filter(pk=front.pk).exists()


def test_a_supervisor_cannot_see_groups(db: None) -> None:
    other = personas.api_client(personas.supervisor())
    assert other.get("/api/node-groups/").status_code == 403


def test_the_apply_endpoint_applies_every_node(admin_api: APIClient, group: NodeGroup) -> None:
    response = admin_api.post(f"/api/node-groups/{group.pk}/apply/", {"dry_run": False}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "applied"
    assert [(n["server"], n["status"], n["version"]) for n in body["nodes"]] == [
        ("node-a", "applied", 1),
        ("node-b", "applied", 1),
    ]
    assert GroupApply.objects.get().status == "applied"


def test_applying_a_group_without_an_enabled_node_is_a_400(admin_api: APIClient) -> None:
    front = NodeGroup.objects.create(name="front")
    AsteriskServerFactory(name="node1", group=front, enabled=False)
    response = admin_api.post(f"/api/node-groups/{front.pk}/apply/", {}, format="json")
    assert response.status_code == 400
    assert "no enabled node" in response.content.decode()
    assert not GroupApply.objects.exists() and AsteriskServer.objects.count() == 1


def test_a_bad_dry_run_value_is_a_400(admin_api: APIClient, group: NodeGroup) -> None:
    response = admin_api.post(f"/api/node-groups/{group.pk}/apply/", {"dry_run": "perhaps"}, format="json")
    assert response.status_code == 400 and "dry_run" in response.json()
    assert not GroupApply.objects.exists()
