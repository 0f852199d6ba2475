"""The audio of a snapshot is read from the snapshot itself or from its row, and refused when it is gone."""

from __future__ import annotations

import re

import pytest

from callcenter.pbx.audio import sha256_hex
from callcenter.pbx.models import Prompt
from callcenter.pbx.snapshot import AudioConf, ConfigInvalid, read_audio
from tests.pbx.audio_factories import PromptFactory, tone_wav


def test_audio_carried_by_the_snapshot_is_read_without_a_database() -> None:
    tone = tone_wav(0.1)
    assert read_audio(AudioConf(sha256_hex(tone), data=tone)) == tone


def test_audio_with_neither_bytes_nor_a_row_is_refused() -> None:
    with pytest.raises(ConfigInvalid, match="no content"):
        read_audio(AudioConf("a" * 64))


@pytest.mark.django_db
def test_audio_is_read_from_its_row() -> None:
    prompt = PromptFactory(name="custom/welcome")
    assert read_audio(AudioConf(prompt.sha256, row=("pbx.Prompt", prompt.pk))) == prompt.audio_bytes


@pytest.mark.django_db
def test_audio_whose_row_was_deleted_since_the_snapshot_is_refused() -> None:
    prompt = PromptFactory(name="custom/welcome")
    audio = AudioConf(prompt.sha256, row=("pbx.Prompt", prompt.pk))
    Prompt.objects.filter(pk=prompt.pk).delete()
    with pytest.raises(ConfigInvalid, match=re.escape(f"the pbx.Prompt row {prompt.pk} no longer exists")):
        read_audio(audio)
