"""The PBX REST API: authentication, role gates, visibility and validation."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django import Settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import AsteriskServer, Queue

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


def test_supervisor_lists_only_their_queues(api: APIClient, center: dict[str, Any]) -> None:
    api.force_authenticate(center["sam"])
    response = api.get("/api/queues/")
    assert [row["name"] for row in response.json()["results"]] == ["support"]


def test_supervisor_cannot_read_another_teams_queue(api: APIClient, center: dict[str, Any]) -> None:
    api.force_authenticate(center["sam"])
    assert api.get(f"/api/queues/{center['sales'].pk}/").status_code == 404


def test_supervisor_cannot_create_a_queue(api: APIClient, center: dict[str, Any]) -> None:
    api.force_authenticate(center["sam"])
    assert api.post("/api/queues/", {"name": "newq"}, format="json").status_code == 403
    assert not Queue.objects.filter(name="newq").exists()


def test_admin_creates_a_queue_and_it_is_audited(api: APIClient, admin_user: User) -> None:
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
def test_api_refuses_hostile_queue_name(api: APIClient, admin_user: User, name: str) -> None:
    api.force_authenticate(admin_user)
    response = api.post("/api/queues/", {"name": name}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()
    assert not Queue.objects.exists()


def test_api_reports_model_level_errors(api: APIClient, admin_user: User) -> None:
    api.force_authenticate(admin_user)
    response = api.post("/api/queues/", {"name": "q1", "wait_amber_s": 100, "wait_red_s": 10}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_ami_secret_is_never_returned(api: APIClient, admin_user: User) -> None:
    api.force_authenticate(admin_user)
    response = api.post(
        "/api/servers/",
        {"name": "node1", "ami_host": "10.0.0.5", "ami_username": "cc", "ami_secret": "topsecret"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert "ami_secret" not in response.json()
    assert "topsecret" not in api.get("/api/servers/").content.decode()


def test_manager_cannot_read_servers(api: APIClient, manager_user: User) -> None:
    api.force_authenticate(manager_user)
    assert api.get("/api/servers/").status_code == 403


def test_agent_cannot_read_the_audit_log(api: APIClient, center: dict[str, Any]) -> None:
    api.force_authenticate(center["agent_user"])
    assert api.get("/api/audit/").status_code == 403


def test_openapi_schema_and_docs_are_served(api: APIClient, admin_user: User) -> None:
    api.force_authenticate(admin_user)
    schema = api.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/queues/" in schema.content
    api.force_login(admin_user)
    assert api.get("/api/docs/").status_code == 200


def test_admin_sets_and_reads_the_recordings_directory_of_a_server(api: APIClient, admin_user: User) -> None:
    api.force_authenticate(admin_user)
    response = api.post(
        "/api/servers/",
        {"name": "node1", "ami_username": "cc", "ami_secret": "x", "recordings_dir": "/srv/recordings"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["recordings_dir"] == "/srv/recordings"
    assert AsteriskServer.objects.get(name="node1").recordings_dir == "/srv/recordings"


def test_api_refuses_a_hostile_recordings_directory(api: APIClient, admin_user: User) -> None:
    api.force_authenticate(admin_user)
    response = api.post(
        "/api/servers/",
        {"name": "node1", "ami_username": "cc", "ami_secret": "x", "recordings_dir": "/srv/rec\n[evil]"},
        format="json",
    )
    assert response.status_code == 400
    assert "recordings_dir" in response.json()
    assert not AsteriskServer.objects.exists()


# -- prompts and music on hold ------------------------------------------------------------------------
def test_admin_uploads_a_prompt_and_gets_it_converted(api: APIClient, admin_user: User) -> None:
    from callcenter.pbx.models import Prompt
    from tests.pbx.audio_factories import tone_wav, upload

    api.force_authenticate(admin_user)
    response = api.post(
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


def test_a_file_that_is_not_audio_is_refused_with_a_reason_and_nothing_saved(
    api: APIClient, admin_user: User
) -> None:
    from callcenter.pbx.models import Prompt
    from tests.pbx.audio_factories import upload

    api.force_authenticate(admin_user)
    response = api.post(
        "/api/prompts/",
        {"name": "custom/welcome", "audio": upload("welcome.wav", b"%PDF-1.7 not a recording")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {
        "audio": ["“welcome.wav” is not a WAV or MP3 file: only those two formats are accepted."]
    }
    assert not Prompt.objects.exists()


def test_an_oversize_upload_is_refused_and_nothing_saved(
    api: APIClient, admin_user: User, settings: Settings
) -> None:
    from callcenter.pbx.models import MusicOnHoldFile
    from tests.pbx.audio_factories import MusicOnHoldClassFactory, tone_wav, upload

    settings.PBX_AUDIO_MAX_UPLOAD_MB = 1
    moh_class = MusicOnHoldClassFactory(name="calm")
    api.force_authenticate(admin_user)
    response = api.post(
        "/api/moh-files/",
        {"moh_class": moh_class.pk, "name": "tune", "audio": upload("long.wav", tone_wav(70))},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {
        "audio": ["The file is larger than 1 MB: upload a shorter or more compressed recording."]
    }
    assert not MusicOnHoldFile.objects.exists()


def test_a_prompt_created_without_a_recording_is_refused(api: APIClient, admin_user: User) -> None:
    api.force_authenticate(admin_user)
    response = api.post("/api/prompts/", {"name": "custom/welcome"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"audio": ["Upload a WAV or MP3 file."]}


def test_a_prompt_renamed_without_a_new_recording_keeps_it(api: APIClient, admin_user: User) -> None:
    from tests.pbx.audio_factories import PromptFactory

    prompt = PromptFactory(name="custom/welcome")
    api.force_authenticate(admin_user)
    response = api.patch(f"/api/prompts/{prompt.pk}/", {"name": "custom/hello"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["sha256"] == prompt.sha256
    prompt.refresh_from_db()
    assert prompt.name == "custom/hello"


def test_a_file_is_uploaded_into_a_music_class(api: APIClient, admin_user: User) -> None:
    from tests.pbx.audio_factories import tone_wav, upload

    api.force_authenticate(admin_user)
    created = api.post("/api/moh-classes/", {"name": "calm", "sort": "random"}, format="json")
    assert created.status_code == 201, created.content
    response = api.post(
        "/api/moh-files/",
        {"moh_class": created.json()["id"], "name": "tune", "audio": upload("tune.wav", tone_wav(1.0))},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["duration_ms"] == 1000


def test_a_music_class_a_queue_plays_cannot_be_deleted(api: APIClient, admin_user: User) -> None:
    from tests.factories import QueueFactory
    from tests.pbx.audio_factories import MusicOnHoldClassFactory

    moh_class = MusicOnHoldClassFactory(name="calm")
    QueueFactory(name="support", music_class="calm")
    api.force_authenticate(admin_user)
    response = api.delete(f"/api/moh-classes/{moh_class.pk}/")
    assert response.status_code == 409
    assert response.json()["referenced_by"][0]["name"] == "support"


def test_a_queue_naming_a_missing_music_class_is_refused(api: APIClient, admin_user: User) -> None:
    api.force_authenticate(admin_user)
    response = api.post("/api/queues/", {"name": "billing", "music_class": "nothing"}, format="json")
    assert response.status_code == 400
    assert "music_class" in response.json()
    assert not Queue.objects.filter(name="billing").exists()


def test_a_supervisor_cannot_upload_a_prompt(api: APIClient, center: dict[str, Any]) -> None:
    from callcenter.pbx.models import Prompt
    from tests.pbx.audio_factories import tone_wav, upload

    api.force_authenticate(center["sam"])
    response = api.post(
        "/api/prompts/", {"name": "custom/x", "audio": upload("x.wav", tone_wav(0.2))}, format="multipart"
    )
    assert response.status_code == 403
    assert not Prompt.objects.exists()
