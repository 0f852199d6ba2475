"""The PBX REST API: authentication, role gates, visibility and validation."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import AsteriskServer, Queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.parametrize(
    "url", ["/api/queues/", "/api/agents/", "/api/servers/", "/api/audit/", "/api/schema/"]
)
def test_anonymous_is_refused(api, url):
    assert api.get(url).status_code in (401, 403)


def test_token_authentication_works(api, admin_user):
    token = Token.objects.create(user=admin_user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/queues/").status_code == 200


def test_supervisor_lists_only_their_queues(api, center):
    api.force_authenticate(center["sam"])
    response = api.get("/api/queues/")
    assert [row["name"] for row in response.json()["results"]] == ["support"]


def test_supervisor_cannot_read_another_teams_queue(api, center):
    api.force_authenticate(center["sam"])
    assert api.get(f"/api/queues/{center['sales'].pk}/").status_code == 404


def test_supervisor_cannot_create_a_queue(api, center):
    api.force_authenticate(center["sam"])
    assert api.post("/api/queues/", {"name": "newq"}, format="json").status_code == 403
    assert not Queue.objects.filter(name="newq").exists()


def test_admin_creates_a_queue_and_it_is_audited(api, admin_user):
    api.force_authenticate(admin_user)
    response = api.post(
        "/api/queues/", {"name": "billing", "strategy": "linear", "service_level": 30}, format="json"
    )
    assert response.status_code == 201, response.content
    queue = Queue.objects.get(name="billing")
    entry = AuditEntry.objects.get(action="create", object_type="pbx.queue")
    assert entry.actor == admin_user
    assert entry.changes["strategy"] == [None, "linear"]
    assert queue.strategy == "linear"


@pytest.mark.parametrize(
    "name", ["bill\ning", "bill,ing", "bill;ing", "bill)", "bill$[1]", "bill${X}", "a&b"]
)
def test_api_refuses_hostile_queue_name(api, admin_user, name):
    api.force_authenticate(admin_user)
    response = api.post("/api/queues/", {"name": name}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()
    assert not Queue.objects.exists()


def test_api_reports_model_level_errors(api, admin_user):
    api.force_authenticate(admin_user)
    response = api.post("/api/queues/", {"name": "q1", "wait_amber_s": 100, "wait_red_s": 10}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_ami_secret_is_never_returned(api, admin_user):
    api.force_authenticate(admin_user)
    response = api.post(
        "/api/servers/",
        {"name": "node1", "ami_host": "10.0.0.5", "ami_username": "cc", "ami_secret": "topsecret"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert "ami_secret" not in response.json()
    assert "topsecret" not in api.get("/api/servers/").content.decode()


def test_manager_cannot_read_servers(api, manager_user):
    api.force_authenticate(manager_user)
    assert api.get("/api/servers/").status_code == 403


def test_agent_cannot_read_the_audit_log(api, center):
    api.force_authenticate(center["agent_user"])
    assert api.get("/api/audit/").status_code == 403


def test_openapi_schema_and_docs_are_served(api, admin_user):
    api.force_authenticate(admin_user)
    schema = api.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/queues/" in schema.content
    api.force_login(admin_user)
    assert api.get("/api/docs/").status_code == 200


def test_admin_sets_and_reads_the_recordings_directory_of_a_server(api, admin_user):
    api.force_authenticate(admin_user)
    response = api.post(
        "/api/servers/",
        {"name": "node1", "ami_username": "cc", "ami_secret": "x", "recordings_dir": "/srv/recordings"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["recordings_dir"] == "/srv/recordings"
    assert AsteriskServer.objects.get(name="node1").recordings_dir == "/srv/recordings"


def test_api_refuses_a_hostile_recordings_directory(api, admin_user):
    api.force_authenticate(admin_user)
    response = api.post(
        "/api/servers/",
        {"name": "node1", "ami_username": "cc", "ami_secret": "x", "recordings_dir": "/srv/rec\n[evil]"},
        format="json",
    )
    assert response.status_code == 400
    assert "recordings_dir" in response.json()
    assert not AsteriskServer.objects.exists()
