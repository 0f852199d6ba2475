"""Rendering prompts and music on hold: file classes, prompts played by path or name, audio written and removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcenter.pbx.apply import ensure_phone_accounts, render_to_directory
from callcenter.pbx.models import Prompt, Queue
from callcenter.pbx.render import Rendered, render_center
from callcenter.pbx.snapshot import ConfigInvalid, collect
from tests.pbx.audio_factories import MusicOnHoldClassFactory, MusicOnHoldFileFactory, PromptFactory, tone_wav
from tests.pbx.conf_sections import section

pytestmark = pytest.mark.django_db

LIVE = "/etc/asterisk/callcenter/live"


def render_live() -> Rendered:
    ensure_phone_accounts(None)
    return render_center(collect(), LIVE)


def test_music_classes_with_files_become_file_classes_in_their_own_directories(full_center: Queue) -> None:

    MusicOnHoldFileFactory(moh_class__name="calm", moh_class__sort="random", name="01-first")
    MusicOnHoldFileFactory(moh_class__name="calm", name="02-second")
    MusicOnHoldClassFactory(name="empty")
    rendered = render_live()
    musiconhold = rendered.files["musiconhold.conf"]
    assert section(musiconhold, "calm").split("\n") == [
        "mode = files",
        f"directory = {LIVE}/moh/calm",
        "sort = random",
    ]
    assert "[empty]" not in musiconhold
    assert sorted(rendered.audio) == ["moh/calm/01-first.wav", "moh/calm/02-second.wav"]


def test_an_uploaded_prompt_is_played_by_its_path_and_any_other_by_its_name(full_center: Queue) -> None:

    PromptFactory(name="custom/main-menu")
    PromptFactory(name="custom/survey")
    rendered = render_live()
    menu = section(rendered.files["callcenter/generated.conf"], "cc-ivr-main")
    assert f"Background({LIVE}/sounds/custom/main-menu)" in menu
    assert "exten => i,1,Playback(option-is-invalid)" in menu  # a sound of the node's own
    extensions = rendered.files["extensions.conf"]
    assert f"CC_SURVEY_PROMPT={LIVE}/sounds/custom/survey" in extensions
    assert "CC_CALLBACK_PROMPT=custom/callback-number" in extensions
    assert sorted(rendered.audio) == ["sounds/custom/main-menu.wav", "sounds/custom/survey.wav"]


def test_an_uploaded_periodic_announcement_is_played_by_its_path(full_center: Queue) -> None:

    PromptFactory(name="custom/please-hold")
    queues = render_live().files["queues.conf"]
    assert f"periodic-announce = {LIVE}/sounds/custom/please-hold" in section(queues, "support")


def test_a_queue_playing_a_class_without_files_is_refused(full_center: Queue) -> None:

    MusicOnHoldClassFactory(name="calm")
    Queue.objects.filter(name="sales").update(music_class="calm")
    with pytest.raises(ConfigInvalid) as refused:
        render_live()
    assert refused.value.errors == [
        "queue 'sales': music on hold class 'calm' has no files: upload at least one"
    ]


def test_a_queue_playing_a_class_that_is_gone_is_refused(full_center: Queue) -> None:
    Queue.objects.filter(name="sales").update(music_class="support-moh")
    with pytest.raises(ConfigInvalid) as refused:
        render_live()
    assert refused.value.errors == ["queue 'sales': music on hold class 'support-moh' does not exist"]


def test_a_render_writes_the_audio_and_removes_audio_that_is_gone(full_center: Queue, tmp_path: Path) -> None:

    prompt = PromptFactory(name="custom/old")
    music = MusicOnHoldFileFactory(moh_class__name="calm", name="tune")
    ensure_phone_accounts(None)
    render_to_directory(None, tmp_path / "out")
    assert (tmp_path / "out" / "moh" / "calm" / "tune.wav").read_bytes() == music.audio_bytes
    assert (tmp_path / "out" / "sounds" / "custom" / "old.wav").read_bytes() == prompt.audio_bytes
    Prompt.objects.all().delete()
    _rendered, report = render_to_directory(None, tmp_path / "out")
    assert report.errors == []
    assert not (tmp_path / "out" / "sounds" / "custom" / "old.wav").exists()


def test_stored_audio_changed_behind_its_hash_is_refused_when_written(
    full_center: Queue, tmp_path: Path
) -> None:

    PromptFactory(name="custom/welcome")
    Prompt.objects.update(audio=tone_wav(0.2, 990))  # around the model's validation
    rendered = render_live()
    with pytest.raises(ConfigInvalid) as refused:
        rendered.write(tmp_path / "out")
    assert refused.value.errors == [
        "sounds/custom/welcome.wav: its content does not match its SHA-256 (changed outside the application)"
    ]
