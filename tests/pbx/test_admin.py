"""The admin's apply button, history and rollback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from callcenter.accounts.models import User
from callcenter.pbx.models import AsteriskServer, ConfigApply, Queue
from tests.factories import AsteriskServerFactory
from tests.harness import personas
from tests.harness.reload import ReloadingNode
from tests.pbx.server_form import server_change_form

pytestmark = pytest.mark.django_db


def test_apply_button_applies_and_reports(
    full_center: Queue,
    node_server: AsteriskServer,
    fake_node: ReloadingNode,
    admin_client: Client,
    admin_user: User,
) -> None:
    response = admin_client.post(
        reverse("admin:pbx_asteriskserver_changelist"),
        {"action": "apply_configuration", "_selected_action": [node_server.pk]},
        follow=True,
    )
    assert response.status_code == 200
    entry = ConfigApply.objects.get()
    assert (entry.status, entry.actor) == (ConfigApply.Status.APPLIED, admin_user)
    shown = [str(message) for message in response.context["messages"]]
    assert shown and shown[0].startswith("node1: applied (version 1, changed: "), shown
    history = admin_client.get(reverse("admin:pbx_configapply_change", args=[entry.pk]))
    assert history.status_code == 200 and "queues.conf" in history.content.decode()


def test_rollback_action_puts_the_chosen_version_back(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode, admin_client: Client
) -> None:
    changelist = reverse("admin:pbx_asteriskserver_changelist")
    admin_client.post(changelist, {"action": "apply_configuration", "_selected_action": [node_server.pk]})
    Queue.objects.filter(name="sales").update(strategy="random")
    admin_client.post(changelist, {"action": "apply_configuration", "_selected_action": [node_server.pk]})
    first = ConfigApply.objects.get(version=1)
    admin_client.post(
        reverse("admin:pbx_configapply_changelist"),
        {"action": "roll_back_to_version", "_selected_action": [first.pk]},
    )
    assert os.readlink(Path(node_server.config_dir) / "live") == "versions/0001"
    assert ConfigApply.objects.filter(kind="rollback", status="applied", version=1).exists()


def test_a_staff_user_who_is_not_an_admin_cannot_apply(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    staff = personas.supervisor("staffsup", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_asteriskserver", "change_asteriskserver"])
    )
    client = personas.web_client(staff)
    client.post(
        reverse("admin:pbx_asteriskserver_changelist"),
        {"action": "apply_configuration", "_selected_action": [node_server.pk]},
    )
    assert not ConfigApply.objects.exists()
    assert fake_node.actions == []


def test_server_change_form_edits_the_recordings_directory(admin_client: Client) -> None:
    server = AsteriskServerFactory(name="node1")
    url = reverse("admin:pbx_asteriskserver_change", args=[server.pk])
    form = admin_client.get(url)
    assert 'name="recordings_dir"' in form.content.decode()
    data = server_change_form(sip_port="5070")
    assert admin_client.post(url, data).status_code == 302
    server.refresh_from_db()
    assert (server.recordings_dir, server.sip_port) == ("/srv/recordings", 5070)


# -- prompts and music on hold ------------------------------------------------------------------------
def test_an_admin_uploads_a_prompt_in_the_admin(admin_client: Client, admin_user: User) -> None:
    from callcenter.audit.models import AuditEntry
    from callcenter.pbx.models import Prompt
    from tests.pbx.audio_factories import tone_wav, upload

    response = admin_client.post(
        reverse("admin:pbx_prompt_add"),
        {
            "name": "custom/welcome",
            "description": "",
            "recording": upload("hi.wav", tone_wav(0.5, rate=22050)),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    prompt = Prompt.objects.get(name="custom/welcome")
    assert (prompt.duration_ms, prompt.original_name) == (500, "hi.wav")
    assert AuditEntry.objects.filter(action="create", object_type="pbx.prompt", actor=admin_user).exists()


def test_a_non_audio_upload_is_a_form_error_and_nothing_is_saved(admin_client: Client) -> None:
    from callcenter.pbx.models import Prompt
    from tests.pbx.audio_factories import upload

    response = admin_client.post(
        reverse("admin:pbx_prompt_add"),
        {"name": "custom/welcome", "description": "", "recording": upload("hi.wav", b"hello, not audio")},
    )
    assert response.status_code == 200
    assert "is not a WAV or MP3 file" in response.content.decode()
    assert not Prompt.objects.exists()


def test_the_admin_plays_a_prompt_back(admin_client: Client) -> None:
    from tests.pbx.audio_factories import PromptFactory

    prompt = PromptFactory(name="custom/welcome")
    page = admin_client.get(reverse("admin:pbx_prompt_change", args=[prompt.pk]))
    source = reverse("admin:pbx_prompt_audio", args=[prompt.pk])
    assert f'<audio controls preload="none" src="{source}">' in page.content.decode()
    audio = admin_client.get(source)
    assert (audio.status_code, audio["Content-Type"]) == (200, "audio/wav")
    assert audio.content == prompt.audio_bytes


def test_a_music_class_and_its_file_are_added_in_one_form(admin_client: Client) -> None:
    from callcenter.pbx.models import MusicOnHoldClass
    from tests.pbx.audio_factories import tone_wav, upload

    response = admin_client.post(
        reverse("admin:pbx_musiconholdclass_add"),
        {
            "name": "calm",
            "sort": "alpha",
            "description": "",
            "files-TOTAL_FORMS": "1",
            "files-INITIAL_FORMS": "0",
            "files-MIN_NUM_FORMS": "0",
            "files-MAX_NUM_FORMS": "1000",
            "files-0-name": "tune",
            "files-0-recording": upload("tune.mp3", tone_wav(1.0, rate=16000)),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    moh_file = MusicOnHoldClass.objects.get(name="calm").files.get()
    assert (moh_file.name, moh_file.duration_ms) == ("tune", 1000)


def test_deleting_a_music_class_a_queue_plays_is_refused_in_the_admin(admin_client: Client) -> None:
    from callcenter.pbx.models import MusicOnHoldClass
    from tests.factories import QueueFactory
    from tests.pbx.audio_factories import MusicOnHoldClassFactory

    moh_class = MusicOnHoldClassFactory(name="calm")
    QueueFactory(name="support", music_class="calm")
    url = reverse("admin:pbx_musiconholdclass_delete", args=[moh_class.pk])
    page = admin_client.get(url)
    assert "Queue: support (calm)" in page.content.decode()
    admin_client.post(url, {"post": "yes"})
    assert MusicOnHoldClass.objects.filter(name="calm").exists()


def test_the_queue_form_offers_the_uploaded_music_classes(admin_client: Client) -> None:
    from tests.factories import QueueFactory
    from tests.pbx.audio_factories import MusicOnHoldClassFactory

    MusicOnHoldClassFactory(name="calm")
    queue = QueueFactory(name="support")
    page = admin_client.get(reverse("admin:pbx_queue_change", args=[queue.pk])).content.decode()
    assert '<select name="music_class"' in page
    assert '<option value="calm">calm</option>' in page


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:pbx_prompt_changelist",
        "admin:pbx_prompt_add",
        "admin:pbx_musiconholdclass_changelist",
        "admin:pbx_musiconholdclass_add",
        "admin:pbx_musiconholdfile_changelist",
        "admin:pbx_musiconholdfile_add",
    ],
)
def test_the_audio_pages_open(admin_client: Client, url_name: str) -> None:
    from tests.pbx.audio_factories import MusicOnHoldFileFactory, PromptFactory

    PromptFactory(name="custom/welcome")
    MusicOnHoldFileFactory(moh_class__name="calm")
    assert admin_client.get(reverse(url_name)).status_code == 200


def test_prompt_fields_suggest_the_uploaded_prompts(admin_client: Client) -> None:
    from tests.pbx.audio_factories import PromptFactory

    PromptFactory(name="custom/welcome")
    page = admin_client.get(reverse("admin:pbx_ivrmenu_add")).content.decode()
    assert 'list="id_greeting_prompts"' in page
    assert '<datalist id="id_greeting_prompts"><option value="custom/welcome"></option></datalist>' in page
