"""Whether a node can play a prompt: its sounds directory, the uploaded prompts under the include root."""

from __future__ import annotations

import gc
from pathlib import Path

from callcenter.pbx.validate import check_directory
from callcenter.pbx.validate.sounds import Sounds, sounds_in

ROOT = "/etc/asterisk/callcenter/live"


def _write(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"RIFF")


def test_a_prompt_named_by_a_variable_is_not_checked(tmp_path: Path) -> None:
    assert Sounds(set(), ROOT, tmp_path).problem("${CC_GREETING}") is None


def test_a_prompt_outside_the_include_root_cannot_be_known(tmp_path: Path) -> None:
    assert Sounds(set(), ROOT, tmp_path).problem("/var/lib/asterisk/sounds/custom/hello") is None
    assert Sounds(set(), None, tmp_path).problem(f"{ROOT}/sounds/hello") is None


def test_an_uploaded_prompt_plays_when_its_file_is_rendered_with_any_extension(tmp_path: Path) -> None:
    _write(tmp_path / "sounds" / "custom" / "welcome.wav")
    sounds = Sounds(None, ROOT + "/", tmp_path)
    assert sounds.problem(f"{ROOT}/sounds/custom/welcome") is None
    assert sounds.problem(f"{ROOT}/sounds/custom/missing") == (
        f"prompt '{ROOT}/sounds/custom/missing' has no audio file in the rendered directory"
    )
    assert sounds.problem(f"{ROOT}/sounds/absent-folder/welcome") is not None


def test_an_uploaded_prompt_may_not_climb_out_of_the_directory(tmp_path: Path) -> None:
    _write(tmp_path / "sounds" / "welcome.wav")
    prompt = f"{ROOT}/sounds/../sounds/welcome"
    assert Sounds(None, ROOT, tmp_path).problem(prompt) is not None


def test_a_node_prompt_is_checked_only_when_its_sounds_are_known(tmp_path: Path) -> None:
    assert Sounds(None, ROOT, tmp_path).problem("custom/anything") is None
    known = Sounds({"hello-world"}, ROOT, tmp_path)
    assert known.problem("hello-world") is None
    assert known.problem("custom/anything") == "prompt 'custom/anything' is not in the sounds directory"


def test_sounds_are_named_with_and_without_their_language_directory(tmp_path: Path) -> None:
    _write(tmp_path / "en" / "hello-world.gsm")
    _write(tmp_path / "ru" / "custom" / "welcome.wav")
    _write(tmp_path / "custom" / "closed.ulaw")
    assert sounds_in(tmp_path) == {
        "en/hello-world",
        "hello-world",
        "ru/custom/welcome",
        "custom/welcome",
        "custom/closed",
    }


def test_checking_a_directory_leaves_garbage_collection_as_it_was(tmp_path: Path) -> None:
    assert gc.isenabled()
    check_directory(tmp_path)
    assert gc.isenabled()
    gc.disable()
    try:
        check_directory(tmp_path)
        assert not gc.isenabled()
    finally:
        gc.enable()
