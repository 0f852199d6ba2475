"""Prompts and music on hold as data: an uploaded greeting and an uploaded music class reach the node with
the apply; a caller hears the greeting, then waits in the queue to the queue's own class from that file.

The uploads are real: files made by SoX in formats Asterisk does not play (an MP3, a 22 kHz stereo WAV),
converted by the product on upload. The greeting is a 600 Hz tone, the queue's music 1000 Hz and the node's
own default music 440 Hz, so the caller's recording tells them apart.
"""

from __future__ import annotations

import math
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.asterisk.conftest import Center, apply, log_mark, wait_idle, wait_log
from tests.asterisk.node import free_port, wait_until
from tests.asterisk.phones import Phone, _common

HOLD_DID = "74950000045"
QUEUE = "hold"
MOH_CLASS = "hold-music"
GREETING = "custom/hold-greeting"
GREETING_HZ = 600
MUSIC_HZ = 1000
NODE_DEFAULT_HZ = 440  # the node's own default class (tests/asterisk/node.py)


@dataclass
class HoldLine:
    center: Center
    greeting: Any
    music: Any
    entry: Any
    log_start: int


def _upload(path: Path) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(path.name, path.read_bytes())


def _tone(target: Path, rate: str, channels: str, hz: int, seconds: str) -> Path:
    command = ["sox", "-n", "-r", rate, "-c", channels, str(target), "synth", seconds, "sine", str(hz)]
    subprocess.run([*command, "vol", "0.5"], check=True, timeout=60)
    return target


@pytest.fixture(scope="module")
def hold_line(center: Center, tmp_path_factory: pytest.TempPathFactory) -> HoldLine:
    """The admin's work: upload a greeting (MP3) and a music class (a 22 kHz stereo WAV), make a queue that
    plays that class behind a menu that plays the greeting, and apply."""
    from callcenter.pbx import actions
    from callcenter.pbx.audio import convert_upload
    from callcenter.pbx.models import (
        Destination,
        InboundRoute,
        IVRMenu,
        MusicOnHoldClass,
        MusicOnHoldFile,
        Prompt,
        Queue,
    )

    folder = tmp_path_factory.mktemp("uploads")
    greeting_file = _tone(folder / "greeting.mp3", "44100", "2", GREETING_HZ, "1.5")
    music_file = _tone(folder / "music.wav", "22050", "2", MUSIC_HZ, "4")
    greeting = actions.save_audio(None, Prompt(name=GREETING), convert_upload(_upload(greeting_file)))
    moh_class = actions.save(None, MusicOnHoldClass(name=MOH_CLASS))
    music = actions.save_audio(
        None, MusicOnHoldFile(moh_class=moh_class, name="tune"), convert_upload(_upload(music_file))
    )
    queue = actions.save(None, Queue(name=QUEUE, music_class=MOH_CLASS, strategy="ringall"))
    menu = actions.save(
        None, IVRMenu(name="hold-menu", greeting=GREETING, timeout_s=1, max_retries=0, timeout_queue=queue)
    )
    actions.save(None, InboundRoute(did=HOLD_DID, name="Hold line", destination=Destination.IVR, ivr=menu))
    start = len(center.node.log_lines())
    entry = apply(center.server, center.node.sounds / "en")
    assert entry.status == "applied", entry.error
    problems = center.node.problems(start)
    assert problems == [], "the apply's reload logged:\n" + "\n".join(problems)
    return HoldLine(center, greeting, music, entry, start)


def _live(center: Center) -> Path:
    return center.node.config_dir / "live"


def test_the_apply_pushes_the_files_and_asterisk_loads_the_class(hold_line: HoldLine) -> None:
    from callcenter.pbx.audio import sha256_hex

    center, entry = hold_line.center, hold_line.entry
    assert {f"moh/{MOH_CLASS}/tune.wav", f"sounds/{GREETING}.wav", "musiconhold.conf"} <= set(
        entry.changed_files
    )
    assert "res_musiconhold.so" in entry.reloaded
    live = _live(center)
    assert sha256_hex((live / "moh" / MOH_CLASS / "tune.wav").read_bytes()) == hold_line.music.sha256
    assert sha256_hex((live / "sounds" / f"{GREETING}.wav").read_bytes()) == hold_line.greeting.sha256
    files = center.node.cli("moh show files")
    assert f"Class: {MOH_CLASS}" in files
    assert f"File: {live}/moh/{MOH_CLASS}/tune" in files, files
    show = center.node.cli("dialplan show s@cc-ivr-hold-menu")
    assert f"Background({live}/sounds/{GREETING})" in show, show


def _recording_caller(number: str, record_to: Path) -> Phone:
    """A customer phone that records what it hears (pjsua's recorder on every call)."""
    args = [
        *_common(free_port(0x02)),
        f"--id=sip:{number}@127.0.0.1",
        "--auto-rec",
        f"--rec-file={record_to}",
    ]
    phone = Phone(number, args).start()
    phone.wait_for(r"Ready: Success", timeout=10)
    return phone


def _level(samples: list[int], rate: int, hz: float) -> float:
    """The Goertzel power of one frequency in a block of samples, normalised by the block's energy."""
    coefficient = 2 * math.cos(2 * math.pi * hz / rate)
    previous = before = 0.0
    for sample in samples:
        previous, before = sample + coefficient * previous - before, previous
    power = previous * previous + before * before - coefficient * previous * before
    energy = sum(sample * sample for sample in samples) * len(samples) / 2
    return power / energy if energy else 0.0


def _tones_heard(path: Path) -> list[int]:
    """Per 100 ms of the recording, the tone it carries (600, 1000 or 440 Hz), or 0 for silence or noise."""
    with wave.open(str(path)) as reader:
        rate = reader.getframerate()
        raw = reader.readframes(reader.getnframes())
        width, channels = reader.getsampwidth(), reader.getnchannels()
    assert width == 2
    samples = [
        int.from_bytes(raw[i : i + 2], "little", signed=True) for i in range(0, len(raw), 2 * channels)
    ]
    block = rate // 10
    heard = []
    for start in range(0, len(samples) - block, block):
        chunk = samples[start : start + block]
        levels = {hz: _level(chunk, rate, hz) for hz in (GREETING_HZ, MUSIC_HZ, NODE_DEFAULT_HZ)}
        tone, level = max(levels.items(), key=lambda item: item[1])
        heard.append(tone if level > 0.5 else 0)
    return heard


def test_a_caller_hears_the_uploaded_greeting_then_the_queues_music(
    hold_line: HoldLine, tmp_path: Path
) -> None:
    center = hold_line.center
    live = _live(center)
    start = len(center.node.log_lines())
    mark = log_mark(center)
    recording = tmp_path / "heard.wav"
    caller = _recording_caller("79161110045", recording)
    center.phones["caller-hold"] = caller
    try:
        since = caller.dial(f"sip:{HOLD_DID}@127.0.0.1:{center.node.sip_port}")
        caller.wait_confirmed(since)
        enter = wait_log(center, "ENTERQUEUE", queue=QUEUE, after=mark)

        def started() -> list[str]:
            return [line for line in center.node.log_lines()[start:] if "Started music on hold" in line]

        moh = wait_until(started, 10, "music on hold to start")
        assert f"class '{MOH_CLASS}'" in moh[0], moh
        played = [line for line in center.node.log_lines()[start:] if "Playing '" in line]
        assert any(f"Playing '{live}/sounds/{GREETING}." in line for line in played), played
        # Let the music play a while: several seconds of it, past the end of the 4-second file.
        wait_until(lambda: _waited(center, enter.callid) >= 6, 15, "six seconds in the queue")
        caller.hangup()
        wait_log(center, "ABANDON", callid=enter.callid)
        wait_idle(center)
    finally:
        caller.stop()
        center.phones.pop("caller-hold", None)
    center.driven.miss(QUEUE, "abandoned")
    heard = _tones_heard(recording)
    greeting_at = heard.index(GREETING_HZ)
    music_at = heard.index(MUSIC_HZ)
    assert greeting_at < music_at, heard
    assert heard.count(MUSIC_HZ) >= 40, heard  # four seconds and more of the class's own file
    assert NODE_DEFAULT_HZ not in heard, heard  # never the node's default music


def _waited(center: Center, callid: str) -> int:
    from tests.asterisk.conftest import waiting_for

    return waiting_for(center, callid)


def test_new_music_goes_live_with_the_next_apply_and_a_rollback_brings_the_old_back(
    hold_line: HoldLine, tmp_path: Path
) -> None:
    from callcenter.pbx import actions
    from callcenter.pbx.audio import convert_upload, sha256_hex
    from callcenter.pbx.models import ConfigApply

    center, music = hold_line.center, hold_line.music
    old_sha = music.sha256
    live_file = _live(center) / "moh" / MOH_CLASS / "tune.wav"
    replacement = _tone(tmp_path / "new-music.wav", "8000", "1", 1200, "2")
    actions.save_audio(None, music, convert_upload(_upload(replacement)))
    entry = apply(center.server, center.node.sounds / "en")
    assert entry.status == ConfigApply.Status.APPLIED, entry.error
    assert (entry.changed_files, entry.reloaded) == ([f"moh/{MOH_CLASS}/tune.wav"], ["res_musiconhold.so"])
    assert sha256_hex(live_file.read_bytes()) == music.sha256 != old_sha

    back = actions.rollback_configuration(None, center.server, entry.previous_version or 0)
    assert back.status == ConfigApply.Status.APPLIED, back.error
    assert sha256_hex(live_file.read_bytes()) == old_sha
    assert f"Class: {MOH_CLASS}" in center.node.cli("moh show files")
    # The database still holds the new music: applying again makes the node say so too.
    again = apply(center.server, center.node.sounds / "en")
    assert again.status == ConfigApply.Status.APPLIED, again.error
    assert sha256_hex(live_file.read_bytes()) == music.sha256
