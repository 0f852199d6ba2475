"""The audio admin: a recording is needed to add, not to edit; what is still played cannot be deleted."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from callcenter.pbx.models import IVRMenu, MusicOnHoldFile, Prompt
from tests.factories import QueueFactory
from tests.pbx.audio_factories import MusicOnHoldFileFactory, PromptFactory

pytestmark = pytest.mark.django_db


def test_a_new_prompt_needs_a_recording(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("admin:pbx_prompt_add"), {"name": "custom/welcome", "description": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Prompt.objects.exists()


def test_a_prompt_is_edited_without_uploading_it_again(admin_client: Client) -> None:
    prompt = PromptFactory.create(name="custom/welcome")
    audio, sha256 = bytes(prompt.audio), prompt.sha256
    response = admin_client.post(
        reverse("admin:pbx_prompt_change", args=[prompt.pk]),
        {"name": "custom/welcome", "description": "Said first"},
    )
    assert response.status_code == 302
    prompt.refresh_from_db()
    assert (prompt.description, bytes(prompt.audio), prompt.sha256) == ("Said first", audio, sha256)


def test_a_prompt_an_ivr_menu_greets_with_cannot_be_deleted(admin_client: Client) -> None:
    prompt = PromptFactory.create(name="custom/welcome")
    IVRMenu.objects.create(name="main", greeting="custom/welcome")
    url = reverse("admin:pbx_prompt_delete", args=[prompt.pk])
    assert "IVR menu: main (custom/welcome)" in admin_client.get(url).content.decode()
    admin_client.post(url, {"post": "yes"})
    assert Prompt.objects.filter(pk=prompt.pk).exists()


def test_a_prompt_nothing_plays_is_deleted(admin_client: Client) -> None:
    prompt = PromptFactory.create(name="custom/unused")
    response = admin_client.post(reverse("admin:pbx_prompt_delete", args=[prompt.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Prompt.objects.exists()


def test_the_last_file_of_a_class_a_queue_plays_cannot_be_deleted(admin_client: Client) -> None:
    only = MusicOnHoldFileFactory.create(moh_class__name="calm", name="only")
    QueueFactory.create(name="support", music_class="calm")
    url = reverse("admin:pbx_musiconholdfile_delete", args=[only.pk])
    assert "Queue: support (calm/only)" in admin_client.get(url).content.decode()
    admin_client.post(url, {"post": "yes"})
    assert MusicOnHoldFile.objects.filter(pk=only.pk).exists()


def test_a_file_of_a_played_class_is_deleted_while_another_remains(admin_client: Client) -> None:
    first = MusicOnHoldFileFactory.create(moh_class__name="calm", name="first")
    MusicOnHoldFileFactory.create(moh_class=first.moh_class, name="second")
    QueueFactory.create(name="support", music_class="calm")
    admin_client.post(reverse("admin:pbx_musiconholdfile_delete", args=[first.pk]), {"post": "yes"})
    assert list(MusicOnHoldFile.objects.values_list("name", flat=True)) == ["second"]


def test_the_class_list_counts_each_classs_files(admin_client: Client) -> None:
    first = MusicOnHoldFileFactory.create(moh_class__name="calm", name="first")
    MusicOnHoldFileFactory.create(moh_class=first.moh_class, name="second")
    page = admin_client.get(reverse("admin:pbx_musiconholdclass_changelist")).content.decode()
    assert '<td class="field-file_count">2</td>' in page


def test_the_audio_of_an_unknown_prompt_is_refused(admin_client: Client) -> None:
    response = admin_client.get(reverse("admin:pbx_prompt_audio", args=[999999]))
    assert response.status_code == 403
