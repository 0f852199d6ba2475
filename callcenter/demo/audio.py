"""Stand-in audio for the demo's recorded calls: a few seconds of tone, written with the stdlib ``wave``.

Asterisk's MixMonitor writes 8 kHz 16-bit mono PCM WAV; so do these. A handful of distinct clips are
written once under the recordings directory and each recorded call's file is a hard link to one of them
(a copy where links are not possible), so thousands of recordings take the room of a few.
"""

from __future__ import annotations

import math
import os
import shutil
import struct
import wave
from pathlib import Path

RATE = 8000
CLIP_SECONDS = 4
# Two-tone chords (Hz): one clip each.
CHORDS: tuple[tuple[int, int], ...] = ((440, 660), (350, 440), (480, 620), (400, 500), (523, 784))


def write_clip(path: Path, low: int, high: int, seconds: int = CLIP_SECONDS) -> None:
    """A WAV of two tones that fade in and out, like a call's audio heard from afar."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = bytearray()
    total = RATE * seconds
    for n in range(total):
        envelope = min(1.0, n / 800, (total - n) / 800)
        value = 0.3 * math.sin(2 * math.pi * low * n / RATE) + 0.2 * math.sin(2 * math.pi * high * n / RATE)
        frames += struct.pack("<h", int(value * envelope * 32767))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))


def clips(directory: Path) -> list[Path]:
    """The demo's clips in ``directory``, written the first time."""
    paths = []
    for index, (low, high) in enumerate(CHORDS):
        path = directory / f"clip-{index}.wav"
        if not path.exists():
            write_clip(path, low, high)
        paths.append(path)
    return paths


def place(target: Path, clip: Path) -> None:
    """Put a clip's audio at ``target`` (a hard link, or a copy), unless a file is already there."""
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(clip, target)
    except OSError:
        shutil.copyfile(clip, target)
