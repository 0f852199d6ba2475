"""``playback.serve``: a recording's audio, whole or a byte range, with one audited play or download."""

from __future__ import annotations

import os

import pytest
from django.http import HttpRequest
from django.test import RequestFactory

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.quality import playback
from callcenter.quality.actions import QualityError
from callcenter.quality.actions.access import DOWNLOAD, PLAY
from callcenter.quality.models import Recording
from tests.harness.personas import Center
from tests.quality.conftest import streamed


def _request(**headers: str) -> HttpRequest:
    return RequestFactory().get("/quality/recordings/1/audio/", headers=headers)


def _audits(recording: Recording) -> list[str]:
    entries = AuditEntry.objects.filter(object_type="quality.recording", object_id=str(recording.pk))
    return list(entries.values_list("action", flat=True))


@pytest.fixture
def sam(center: Center) -> User:
    return center["sam"]


def test_the_whole_file_is_played_inline_and_audited(recorded: tuple[Recording, bytes], sam: User) -> None:
    recording, audio = recorded
    response = playback.serve(_request(), sam, recording, download=False)
    assert response.status_code == 200
    assert streamed(response) == audio
    assert response["Content-Disposition"] == f'inline; filename="support-{recording.callid}.wav"'
    assert _audits(recording) == [PLAY]


def test_a_byte_range_is_served_as_206_and_audited(recorded: tuple[Recording, bytes], sam: User) -> None:
    recording, audio = recorded
    response = playback.serve(_request(Range="bytes=10-19"), sam, recording, download=False)
    assert response.status_code == 206
    assert streamed(response) == audio[10:20]
    assert _audits(recording) == [PLAY]


def test_a_download_is_an_attachment_audited_as_a_download(
    recorded: tuple[Recording, bytes], sam: User
) -> None:
    recording, _audio = recorded
    response = playback.serve(_request(), sam, recording, download=True)
    assert response["Content-Disposition"].startswith("attachment; ")
    assert _audits(recording) == [DOWNLOAD]


def test_a_range_past_the_end_is_refused_and_not_audited(
    recorded: tuple[Recording, bytes], sam: User
) -> None:
    recording, audio = recorded
    response = playback.serve(_request(Range=f"bytes={len(audio) + 10}-"), sam, recording, download=False)
    assert response.status_code == 416
    assert _audits(recording) == []


def test_a_vanished_file_is_a_404_and_flags_the_recording(recording: Recording, sam: User) -> None:
    os.remove(recording.path)
    with pytest.raises(QualityError) as refused:
        playback.serve(_request(), sam, recording, download=False)
    assert refused.value.status == 404
    recording.refresh_from_db()
    assert recording.status == Recording.Status.MISSING
    assert _audits(recording) == []


def test_a_flagged_recording_is_a_404_though_its_file_is_there(recording: Recording, sam: User) -> None:
    Recording.objects.filter(pk=recording.pk).update(status=Recording.Status.MISSING)
    recording.refresh_from_db()
    with pytest.raises(QualityError) as refused:
        playback.serve(_request(), sam, recording, download=False)
    assert refused.value.status == 404
    assert _audits(recording) == []
