"""The demo's stand-in recordings: short 8 kHz mono WAV clips, written once, placed by hard link."""

from __future__ import annotations

import wave
from pathlib import Path

from callcenter.demo.audio import CHORDS, CLIP_SECONDS, RATE, clips, place, write_clip


def test_a_clip_is_what_mixmonitor_writes(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "clip.wav"
    write_clip(path, 440, 660, seconds=1)
    with wave.open(str(path), "rb") as clip:
        assert (clip.getnchannels(), clip.getsampwidth(), clip.getframerate()) == (1, 2, RATE)
        assert clip.getnframes() == RATE
        frames = clip.readframes(clip.getnframes())
    assert frames[:2] == b"\x00\x00"  # it fades in from silence
    assert any(frames)


def test_one_clip_is_written_per_chord(tmp_path: Path) -> None:
    paths = clips(tmp_path)
    assert [path.name for path in paths] == [f"clip-{index}.wav" for index in range(len(CHORDS))]
    with wave.open(str(paths[0]), "rb") as clip:
        assert clip.getnframes() == RATE * CLIP_SECONDS
    assert paths[0].read_bytes() != paths[1].read_bytes()


def test_clips_already_written_are_left_as_they_are(tmp_path: Path) -> None:
    first = clips(tmp_path)
    first[0].write_bytes(b"kept")
    again = clips(tmp_path)
    assert again == first
    assert again[0].read_bytes() == b"kept"


def test_a_placed_recording_shares_the_clips_file(tmp_path: Path) -> None:
    clip = tmp_path / "clip.wav"
    clip.write_bytes(b"audio")
    target = tmp_path / "2026" / "12" / "call.wav"
    place(target, clip)
    assert target.read_bytes() == b"audio"
    assert target.stat().st_ino == clip.stat().st_ino


def test_a_recording_already_in_place_is_not_replaced(tmp_path: Path) -> None:
    clip = tmp_path / "clip.wav"
    clip.write_bytes(b"audio")
    target = tmp_path / "call.wav"
    target.write_bytes(b"the real call")
    place(target, clip)
    assert target.read_bytes() == b"the real call"
