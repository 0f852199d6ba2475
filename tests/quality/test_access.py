"""Who may listen to a recording, which file is served, and the audit of plays and downloads."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import AsteriskServer
from callcenter.quality.actions import QualityError
from callcenter.quality.actions.access import playable_path, record_access, recording_for
from callcenter.quality.models import Recording
from tests.harness.personas import Center
from tests.quality.conftest import write_wav

pytestmark = pytest.mark.django_db


def test_the_recording_comes_with_its_calls_outcome(center: Center, recording: Recording) -> None:
    found = recording_for(center["sam"], recording.pk)
    assert (found.pk, found.call_outcome) == (recording.pk, "answered")  # type: ignore[attr-defined]


@pytest.mark.parametrize("who", ["tina", "manager"])
def test_who_may_not_listen_is_told_it_does_not_exist(
    center: Center, manager_user: User, recording: Recording, who: str
) -> None:
    user = manager_user if who == "manager" else center["tina"]
    with pytest.raises(QualityError) as caught:
        recording_for(user, recording.pk)
    assert (caught.value.message, caught.value.status) == ("No such recording.", 404)


def test_a_playable_recording_is_served_from_its_path(recording: Recording) -> None:
    assert playable_path(recording) == recording.path


def test_a_file_moved_outside_the_nodes_directory_is_not_served(recording: Recording, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere" / "copy.wav"
    write_wav(elsewhere, 1.0)
    Recording.objects.filter(pk=recording.pk).update(path=str(elsewhere))
    recording.refresh_from_db()
    assert recording.playable
    with pytest.raises(QualityError) as caught:
        playable_path(recording)
    assert (caught.value.message, caught.value.status) == ("The recording's file is missing or empty.", 404)


def test_a_recording_of_a_node_no_longer_configured_is_not_served(recording: Recording) -> None:
    AsteriskServer.objects.filter(name=recording.server).delete()
    with pytest.raises(QualityError) as caught:
        playable_path(recording)
    assert caught.value.status == 404


def test_the_audit_names_the_call(center: Center, recording: Recording) -> None:
    entry = record_access(center["sam"], recording, download=False)
    assert entry is not None
    assert (entry.action, entry.actor, entry.object_id) == (
        "quality.recording.play",
        center["sam"],
        str(recording.pk),
    )
    assert entry.changes["callid"] == recording.callid
    assert entry.changes["started_at"] == recording.started_at.isoformat()


def test_a_download_during_a_play_is_audited_on_its_own(center: Center, recording: Recording) -> None:
    assert record_access(center["sam"], recording, download=False) is not None
    assert record_access(center["sam"], recording, download=False) is None
    assert record_access(center["sam"], recording, download=True) is not None
    actions = AuditEntry.objects.filter(object_id=str(recording.pk)).values_list("action", flat=True)
    assert sorted(actions) == ["quality.recording.download", "quality.recording.play"]


def test_each_listener_is_audited(center: Center, admin_user: User, recording: Recording) -> None:
    assert record_access(center["sam"], recording, download=False) is not None
    assert record_access(admin_user, recording, download=False) is not None
    listeners = AuditEntry.objects.filter(action="quality.recording.play").values_list(
        "actor__username", flat=True
    )
    assert sorted(listeners) == ["alice", "sam"]
