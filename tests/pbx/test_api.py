"""The PBX REST API: authentication, role gates, visibility and validation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from pytest_django import Settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import AsteriskServer, MusicOnHoldFile, Prompt, Queue
from tests.factories import QueueFactory
from tests.harness import personas
from tests.pbx.audio_factories import MusicOnHoldClassFactory, PromptFactory, tone_wav, upload

if TYPE_CHECKING:
    from rest_framework.response import _MonkeyPatchedResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.mark.parametrize(
    "url", ["/api/queues/", "/api/agents/", "/api/servers/", "/api/audit/", "/api/schema/"]
)
def test_anonymous_is_refused(api: APIClient, url: str) -> None:
    assert api.get(url).status_code in (401, 403)


def test_token_authentication_works(api: APIClient, admin_user: User) -> None:
    token = Token.objects.create(user=admin_user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/queues/").status_code == 200


def test_supervisor_lists_only_their_queues(center: dict[str, Any]) -> None:
    api = personas.api_client(center["sam"])
    response = api.get("/api/queues/")
    assert [row["name"] for row in response.json()["results"]] == ["support"]


def test_supervisor_cannot_read_another_teams_queue(center: dict[str, Any]) -> None:
    api = personas.api_client(center["sam"])
    assert api.get(f"/api/queues/{center['sales'].pk}/").status_code == 404


def test_supervisor_cannot_create_a_queue(center: dict[str, Any]) -> None:
    api = personas.api_client(center["sam"])
    assert api.post("/api/queues/", {"name": "newq"}, format="json").status_code == 403
    assert not Queue.objects.filter(name="newq").exists()


def test_admin_creates_a_queue_and_it_is_audited(admin_api: APIClient, admin_user: User) -> None:
    response = admin_api.post(
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
def test_api_refuses_hostile_queue_name(admin_api: APIClient, name: str) -> None:
    response = admin_api.post("/api/queues/", {"name": name}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()
    assert not Queue.objects.exists()


def test_api_reports_model_level_errors(admin_api: APIClient) -> None:
    response = admin_api.post(
        "/api/queues/", {"name": "q1", "wait_amber_s": 100, "wait_red_s": 10}, format="json"
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def post_server(api: APIClient, **fields: str) -> _MonkeyPatchedResponse:
    """Create server "node1" (AMI user "cc") through the API; ``fields`` add to or replace its fields."""
    return api.post(
        "/api/servers/", {"name": "node1", "ami_username": "cc", "ami_secret": "x", **fields}, format="json"
    )


def test_ami_secret_is_never_returned(admin_api: APIClient) -> None:
    response = post_server(admin_api, ami_host="10.0.0.5", ami_secret="topsecret")
    assert response.status_code == 201, response.content
    assert "ami_secret" not in response.json()
    assert "topsecret" not in admin_api.get("/api/servers/").content.decode()


def test_manager_cannot_read_servers(manager_user: User) -> None:
    api = personas.api_client(manager_user)
    assert api.get("/api/servers/").status_code == 403


def test_agent_cannot_read_the_audit_log(center: dict[str, Any]) -> None:
    api = personas.api_client(center["agent_user"])
    assert api.get("/api/audit/").status_code == 403


def test_openapi_schema_and_docs_are_served(admin_api: APIClient, admin_user: User) -> None:
    schema = admin_api.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/queues/" in schema.content
    assert personas.web_client(admin_user).get("/api/docs/").status_code == 200


def test_admin_sets_and_reads_the_recordings_directory_of_a_server(admin_api: APIClient) -> None:
    response = post_server(admin_api, recordings_dir="/srv/recordings")
    assert response.status_code == 201, response.content
    assert response.json()["recordings_dir"] == "/srv/recordings"
    assert AsteriskServer.objects.get(name="node1").recordings_dir == "/srv/recordings"


def test_api_refuses_a_hostile_recordings_directory(admin_api: APIClient) -> None:
    response = post_server(admin_api, recordings_dir="/srv/rec\n[evil]")
    assert response.status_code == 400
    assert "recordings_dir" in response.json()
    assert not AsteriskServer.objects.exists()


# -- prompts and music on hold ------------------------------------------------------------------------
def test_admin_uploads_a_prompt_and_gets_it_converted(admin_api: APIClient, admin_user: User) -> None:
    response = admin_api.post(
        "/api/prompts/",
        {"name": "custom/welcome", "audio": upload("welcome.wav", tone_wav(0.5, rate=44100, channels=2))},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    prompt = Prompt.objects.get(name="custom/welcome")
    assert (body["sha256"], body["duration_ms"], body["original_name"]) == (prompt.sha256, 500, "welcome.wav")
    assert "audio" not in body
    assert AuditEntry.objects.filter(action="create", object_type="pbx.prompt", actor=admin_user).exists()


def test_a_file_that_is_not_audio_is_refused_with_a_reason_and_nothing_saved(admin_api: APIClient) -> None:
    response = admin_api.post(
        "/api/prompts/",
        {"name": "custom/welcome", "audio": upload("welcome.wav", b"%PDF-1.7 not a recording")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {
        "audio": ["“welcome.wav” is not a WAV or MP3 file: only those two formats are accepted."]
    }
    assert not Prompt.objects.exists()


def test_an_oversize_upload_is_refused_and_nothing_saved(admin_api: APIClient, settings: Settings) -> None:
    settings.PBX_AUDIO_MAX_UPLOAD_MB = 1
    moh_class = MusicOnHoldClassFactory(name="calm")
    response = admin_api.post(
        "/api/moh-files/",
        {"moh_class": moh_class.pk, "name": "tune", "audio": upload("long.wav", tone_wav(70))},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {
        "audio": ["The file is larger than 1 MB: upload a shorter or more compressed recording."]
    }
    assert not MusicOnHoldFile.objects.exists()


def test_a_prompt_created_without_a_recording_is_refused(admin_api: APIClient) -> None:
    response = admin_api.post("/api/prompts/", {"name": "custom/welcome"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"audio": ["Upload a WAV or MP3 file."]}


def test_a_prompt_renamed_without_a_new_recording_keeps_it(admin_api: APIClient) -> None:
    prompt = PromptFactory(name="custom/welcome")
    response = admin_api.patch(f"/api/prompts/{prompt.pk}/", {"name": "custom/hello"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["sha256"] == prompt.sha256
    prompt.refresh_from_db()
    assert prompt.name == "custom/hello"


def test_a_file_is_uploaded_into_a_music_class(admin_api: APIClient) -> None:
    created = admin_api.post("/api/moh-classes/", {"name": "calm", "sort": "random"}, format="json")
    assert created.status_code == 201, created.content
    response = admin_api.post(
        "/api/moh-files/",
        {"moh_class": created.json()["id"], "name": "tune", "audio": upload("tune.wav", tone_wav(1.0))},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["duration_ms"] == 1000


def test_a_music_class_a_queue_plays_cannot_be_deleted(admin_api: APIClient) -> None:
    moh_class = MusicOnHoldClassFactory(name="calm")
    QueueFactory(name="support", music_class="calm")
    response = admin_api.delete(f"/api/moh-classes/{moh_class.pk}/")
    assert response.status_code == 409
    assert response.json()["referenced_by"][0]["name"] == "support"


def test_a_queue_naming_a_missing_music_class_is_refused(admin_api: APIClient) -> None:
    response = admin_api.post("/api/queues/", {"name": "billing", "music_class": "nothing"}, format="json")
    assert response.status_code == 400
    assert "music_class" in response.json()
    assert not Queue.objects.filter(name="billing").exists()


def test_a_supervisor_cannot_upload_a_prompt(center: dict[str, Any]) -> None:
    api = personas.api_client(center["sam"])
    response = api.post(
        "/api/prompts/", {"name": "custom/x", "audio": upload("x.wav", tone_wav(0.2))}, format="multipart"
    )
    assert response.status_code == 403
    assert not Prompt.objects.exists()
