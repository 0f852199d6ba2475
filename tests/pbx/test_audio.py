"""Uploads converted for Asterisk by SoX: 8 kHz mono 16-bit WAV out, anything else refused with a reason."""

from __future__ import annotations

import io
import subprocess
import wave
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from pytest_django import Settings

from callcenter.pbx.audio import (
    AudioKind,
    check_stored,
    convert_upload,
    sha256_hex,
    sniff,
    wav_duration_ms,
)
from tests.pbx.audio_factories import tone_wav, upload


def _params(data: bytes) -> tuple[int, int, int, int]:
    with wave.open(io.BytesIO(data)) as reader:
        return reader.getframerate(), reader.getnchannels(), reader.getsampwidth(), reader.getnframes()


def _mp3(tmp_path: Path, seconds: str = "1.5") -> bytes:
    target = tmp_path / "tone.mp3"
    subprocess.run(
        ["sox", "-n", "-r", "44100", "-c", "2", str(target), "synth", seconds, "sine", "660"],
        check=True,
        timeout=60,
    )
    return target.read_bytes()


def test_a_cd_quality_stereo_wav_becomes_8_khz_mono_16_bit() -> None:
    converted = convert_upload(upload("hello.wav", tone_wav(1.0, 440, rate=44100, channels=2)))
    assert _params(converted.data) == (8000, 1, 2, 8000)
    assert converted.duration_ms == 1000
    assert converted.sha256 == sha256_hex(converted.data)
    assert converted.original_name == "hello.wav"


def test_an_mp3_is_decoded_and_converted(tmp_path: Path) -> None:
    converted = convert_upload(upload("music.mp3", _mp3(tmp_path), "audio/mpeg"))
    rate, channels, width, frames = _params(converted.data)
    assert (rate, channels, width) == (8000, 1, 2)
    assert 1400 <= converted.duration_ms <= 1600  # MP3 frames pad the end a little
    assert converted.duration_ms == frames * 1000 // 8000


def test_the_format_comes_from_the_content_not_the_name(tmp_path: Path) -> None:
    converted = convert_upload(upload("looks-like.wav", _mp3(tmp_path), "audio/wav"))
    assert _params(converted.data)[:3] == (8000, 1, 2)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.txt", b"just some text, not a recording at all"),
        ("image.wav", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ("song.ogg", b"OggS" + b"\x00" * 64),
    ],
)
def test_a_file_that_is_not_wav_or_mp3_is_refused(name: str, data: bytes) -> None:
    with pytest.raises(ValidationError) as error:
        convert_upload(upload(name, data))
    assert error.value.code == "audio_format"
    assert "is not a WAV or MP3 file" in error.value.messages[0]


def test_a_wav_header_with_garbage_behind_it_is_refused() -> None:
    broken = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\xff" * 40
    with pytest.raises(ValidationError) as error:
        convert_upload(upload("broken.wav", broken))
    assert error.value.code in ("audio_unreadable", "audio_silent")


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        convert_upload(upload("empty.wav", b""))
    assert error.value.code == "audio_empty"


def test_a_file_over_the_size_limit_is_refused_before_conversion(settings: Settings) -> None:
    settings.PBX_AUDIO_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError) as error:
        convert_upload(upload("huge.wav", tone_wav(70, 440)))  # 1.1 MB
    assert error.value.code == "audio_too_large"
    assert error.value.messages == [
        "The file is larger than 1 MB: upload a shorter or more compressed recording."
    ]


def test_a_recording_longer_than_the_limit_is_refused(settings: Settings) -> None:
    settings.PBX_AUDIO_MAX_SECONDS = 2
    with pytest.raises(ValidationError) as error:
        convert_upload(upload("speech.wav", tone_wav(3, 440)))
    assert error.value.code == "audio_too_long"


def test_nothing_uploaded_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        convert_upload(None)
    assert error.value.code == "audio_missing"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", AudioKind.WAV),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00", AudioKind.MP3),
        (b"\xff\xfb\x90\x64", AudioKind.MP3),
        (b"\xff\xe9\x00\x00", None),  # MPEG sync bits with a reserved version and layer
        (b"RIFF\x00\x00\x00\x00AVI LIST", None),
        (b"", None),
    ],
)
def test_formats_are_told_by_their_first_bytes(head: bytes, kind: str | None) -> None:
    assert sniff(head) == kind


def test_stored_audio_is_checked_against_its_hash_and_asterisks_format() -> None:
    good = tone_wav(0.25)
    assert check_stored(good, sha256_hex(good)) == 250
    with pytest.raises(ValueError, match="does not match its SHA-256"):
        check_stored(good, sha256_hex(good + b"x"))
    cd_quality = tone_wav(0.25, rate=44100)
    with pytest.raises(ValueError, match="44100 Hz"):
        wav_duration_ms(cd_quality)
