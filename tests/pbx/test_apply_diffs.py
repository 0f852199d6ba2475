"""What an apply reloads and stores: changed files in reload order, audio changes by digest, a node's
expected queues and music as its version's files say."""

from __future__ import annotations

from pathlib import Path

from callcenter.pbx.apply.diffs import (
    diff_audio,
    diff_versions,
    expected_moh_files,
    expected_strategies,
    modules_to_reload,
)


def test_modules_reload_endpoints_music_queues_then_dialplan() -> None:
    changed = ["extensions.conf", "queues.conf", "moh/calm/track.wav", "pjsip.conf"]
    assert modules_to_reload(changed) == ["res_pjsip.so", "res_musiconhold.so", "app_queue.so", "dialplan"]


def test_a_changed_prompt_reloads_nothing() -> None:
    assert modules_to_reload(["sounds/custom/welcome.wav"]) == []


def test_audio_changes_are_told_by_their_digests() -> None:
    changed, text = diff_audio(
        {"sounds/a.wav": "1" * 4, "sounds/b.wav": "2" * 4, "sounds/same.wav": "5" * 4},
        {"sounds/b.wav": "3" * 4, "sounds/c.wav": "4" * 4, "sounds/same.wav": "5" * 4},
    )
    assert changed == ["sounds/a.wav", "sounds/b.wav", "sounds/c.wav"]
    assert text.splitlines() == [
        "Audio live/sounds/a.wav: removed (sha256 1111)",
        "Audio new/sounds/b.wav: replaced (sha256 2222 -> 3333)",
        "Audio new/sounds/c.wav: added (sha256 4444)",
    ]


def test_a_first_version_is_all_new_with_its_passwords_masked() -> None:
    changed, diff = diff_versions(
        None,
        {"pjsip.conf": "[1001]\npassword = hunter2\n", "queues.conf": "[support]\n"},
        {"sounds/a.wav": "ab"},
    )
    assert changed == ["pjsip.conf", "queues.conf", "sounds/a.wav"]
    assert "hunter2" not in diff
    assert "+password = ********" in diff
    assert "+++ new/queues.conf" in diff
    assert "Audio new/sounds/a.wav: added (sha256 ab)" in diff


def test_an_unchanged_version_has_no_diff(tmp_path: Path) -> None:
    (tmp_path / "queues.conf").write_text("[support]\n")
    assert diff_versions(tmp_path, {"queues.conf": "[support]\n"}, {}) == ([], "")


def test_the_expected_strategies_are_read_from_queues_conf(tmp_path: Path) -> None:
    (tmp_path / "queues.conf").write_text(
        "[general]\npersistentmembers = no\n\n[support]\nstrategy = rrmemory\n\n[sales]\nstrategy = random\n"
    )
    assert expected_strategies(tmp_path) == {"support": "rrmemory", "sales": "random"}


def test_the_expected_music_counts_each_classs_files(tmp_path: Path) -> None:
    assert expected_moh_files(tmp_path) == {}
    (tmp_path / "musiconhold.conf").write_text(
        "[general]\n\n[calm]\nmode = files\ndirectory = x\n\n[empty]\nmode = files\ndirectory = y\n"
    )
    for name in ("one.wav", "two.wav"):
        (tmp_path / "moh" / "calm").mkdir(parents=True, exist_ok=True)
        (tmp_path / "moh" / "calm" / name).write_bytes(b"RIFF")
    assert expected_moh_files(tmp_path) == {"calm": 2, "empty": 0}
