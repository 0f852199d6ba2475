"""Bootstrapping a node's first configuration, before its Asterisk starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.pbx import actions
from callcenter.pbx.models import AsteriskServer
from tests.factories import AgentFactory, AsteriskServerFactory, QueueFactory, QueueMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def node(tmp_path: Path) -> AsteriskServer:
    server = AsteriskServerFactory(name="node1", config_dir=str(tmp_path / "node1"))
    queue = QueueFactory(name="support", strategy="linear")
    QueueMembershipFactory(
        agent=AgentFactory(extension="1001", member_name="Agent 1001"), queue=queue, static=True
    )
    return server


def test_bootstrap_makes_the_first_version_live(node: AsteriskServer, tmp_path: Path) -> None:
    version = actions.bootstrap_configuration(None, node)
    live = tmp_path / "node1" / "live"
    assert version == 1
    assert live.is_symlink()
    queues_conf = (live / "queues.conf").read_text()
    assert "[support]" in queues_conf
    assert "member => PJSIP/1001,0,Agent 1001" in queues_conf
    assert AuditEntry.objects.filter(action="config_bootstrap", object_repr="node1").exists()


def test_bootstrap_leaves_a_live_node_alone(node: AsteriskServer, tmp_path: Path) -> None:
    actions.bootstrap_configuration(None, node)
    QueueFactory(name="sales")
    assert actions.bootstrap_configuration(None, node) is None
    assert "[sales]" not in (tmp_path / "node1" / "live" / "queues.conf").read_text()


# -- prompts and music on hold ------------------------------------------------------------------------
def test_saving_an_upload_stores_the_converted_recording_and_audits_its_hash(admin_user: User) -> None:
    from callcenter.pbx.audio import convert_upload
    from callcenter.pbx.models import Prompt
    from tests.pbx.audio_factories import tone_wav, upload

    converted = convert_upload(upload("welcome.wav", tone_wav(0.5, rate=16000)))
    prompt = actions.save_audio(admin_user, Prompt(name="custom/welcome"), converted)
    stored = Prompt.objects.get(pk=prompt.pk)
    assert (stored.audio_bytes, stored.sha256, stored.duration_ms) == (converted.data, converted.sha256, 500)
    entry = AuditEntry.objects.get(action="create", object_type="pbx.prompt")
    assert entry.actor == admin_user
    assert entry.changes["sha256"] == [None, converted.sha256]
    assert entry.changes["original_name"] == [None, "welcome.wav"]


def test_saving_without_an_upload_keeps_the_recording(admin_user: User) -> None:
    from tests.pbx.audio_factories import PromptFactory

    prompt = PromptFactory(name="custom/welcome")
    sha256 = prompt.sha256
    prompt.description = "Said first"
    actions.save_audio(admin_user, prompt)
    prompt.refresh_from_db()
    assert (prompt.sha256, prompt.description) == (sha256, "Said first")


def test_a_music_class_a_queue_plays_is_not_deleted(admin_user: User) -> None:
    from django.db.models.deletion import ProtectedError

    from callcenter.pbx.models import MusicOnHoldClass
    from tests.pbx.audio_factories import MusicOnHoldFileFactory

    moh_class = MusicOnHoldFileFactory(moh_class__name="calm").moh_class
    QueueFactory(name="support", music_class="calm")
    with pytest.raises(ProtectedError) as error:
        actions.delete(admin_user, moh_class)
    assert str(error.value.args[0]) == "“calm” is still played by queue “support”."
    assert MusicOnHoldClass.objects.filter(name="calm").exists()
    assert not AuditEntry.objects.filter(action="delete").exists()


def test_a_prompt_nothing_plays_is_deleted_and_audited(admin_user: User) -> None:
    from callcenter.pbx.models import Prompt
    from tests.pbx.audio_factories import PromptFactory

    actions.delete(admin_user, PromptFactory(name="custom/old"))
    assert not Prompt.objects.exists()
    assert AuditEntry.objects.filter(action="delete", object_type="pbx.prompt").exists()


def test_the_last_file_of_a_music_class_a_queue_plays_is_not_deleted(admin_user: User) -> None:
    from django.db.models.deletion import ProtectedError

    from callcenter.pbx.models import MusicOnHoldFile
    from tests.pbx.audio_factories import MusicOnHoldFileFactory

    moh_file = MusicOnHoldFileFactory(moh_class__name="calm")
    QueueFactory(name="support", music_class="calm")
    with pytest.raises(ProtectedError):
        actions.delete(admin_user, moh_file)
    MusicOnHoldFileFactory(moh_class=moh_file.moh_class)
    actions.delete(admin_user, moh_file)  # another file still plays
    assert MusicOnHoldFile.objects.count() == 1
