"""Writing a rendered configuration: audio only inside its own directories, and only the expected bytes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from callcenter.pbx.audio import sha256_hex
from callcenter.pbx.render import Rendered
from callcenter.pbx.snapshot import AudioConf, ConfigInvalid
from tests.pbx.audio_factories import tone_wav

TONE = tone_wav(0.2)


@pytest.mark.parametrize("relative", ["../escape.wav", "sounds/../../escape.wav", "queues.conf"])
def test_audio_outside_the_sound_directories_is_refused(tmp_path: Path, relative: str) -> None:
    rendered = Rendered(files={}, audio={relative: AudioConf(sha256_hex(TONE), data=TONE)})
    with pytest.raises(ConfigInvalid, match="outside the rendered directory"):
        rendered.write(tmp_path / "out")
    assert not (tmp_path / "escape.wav").exists()


def test_audio_whose_bytes_do_not_match_their_digest_is_refused(tmp_path: Path) -> None:
    rendered = Rendered(files={}, audio={"sounds/custom/welcome.wav": AudioConf("0" * 64, data=TONE)})
    with pytest.raises(ConfigInvalid, match=re.escape("sounds/custom/welcome.wav")):
        rendered.write(tmp_path)
    assert not (tmp_path / "sounds/custom/welcome.wav").exists()


def test_the_file_holding_the_phone_passwords_is_not_world_readable(tmp_path: Path) -> None:
    Rendered(files={"pjsip.conf": "[1001]\n", "queues.conf": "[support]\n"}).write(tmp_path)
    assert (tmp_path / "pjsip.conf").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "queues.conf").stat().st_mode & 0o777 == 0o644
