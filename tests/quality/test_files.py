"""Recording files: which paths may be served, what a file holds, and the byte ranges of a Range header."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from callcenter.quality import files
from tests.quality.conftest import write_wav


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=990-5000", (990, 999)),
        ("bytes=-5000", (0, 999)),
    ],
)
def test_a_single_range_is_read(header: str, expected: tuple[int, int]) -> None:
    byte_range = files.parse_range(header, 1000)
    assert byte_range is not None and (byte_range.start, byte_range.end) == expected


@pytest.mark.parametrize(
    "header", ["", "bytes=0-1,5-9", "items=0-9", "bytes=9-1", "bytes=-", "bytes=a-b", "bytes=" + "1" * 300]
)
def test_other_headers_send_the_whole_file(header: str) -> None:
    assert files.parse_range(header, 1000) is None


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_a_range_past_the_end_is_unsatisfiable(header: str) -> None:
    with pytest.raises(files.Unsatisfiable):
        files.parse_range(header, 1000)


def test_only_paths_inside_the_directory_are_inside(tmp_path: Path) -> None:
    root = tmp_path / "rec"
    (root / "support").mkdir(parents=True)
    (tmp_path / "secret").write_text("x")
    os.symlink(tmp_path / "secret", root / "support" / "link.wav")
    assert files.inside(str(root / "support" / "a.wav"), str(root))
    assert not files.inside(str(root / ".." / "secret"), str(root))
    assert not files.inside(str(root / "support" / "link.wav"), str(root))  # a link out is followed
    assert not files.inside("relative/a.wav", str(root))
    assert not files.inside(str(root), str(root))
    assert not files.inside(str(root / "a.wav"), "")


def test_a_wav_file_gives_its_size_and_duration(tmp_path: Path) -> None:
    content = write_wav(tmp_path / "rec" / "a.wav", 3.0)
    facts = files.inspect(str(tmp_path / "rec" / "a.wav"), str(tmp_path / "rec"))
    assert facts == files.FileFacts("ok", size=len(content), duration_s=3)


def test_missing_empty_and_outside_files_are_told_apart(tmp_path: Path) -> None:
    root = tmp_path / "rec"
    root.mkdir()
    (root / "empty.wav").write_bytes(b"")
    assert files.inspect(str(root / "none.wav"), str(root)).status == "missing"
    assert files.inspect(str(root / "empty.wav"), str(root)).status == "empty"
    assert files.inspect("/etc/passwd", str(root)).status == "outside"


def test_a_file_that_is_not_a_wav_has_no_duration(tmp_path: Path) -> None:
    (tmp_path / "a.gsm").write_bytes(b"\x00" * 330)
    facts = files.inspect(str(tmp_path / "a.gsm"), str(tmp_path))
    assert (facts.status, facts.size, facts.duration_s) == ("ok", 330, None)


def test_the_download_name_keeps_only_safe_characters() -> None:
    assert files.download_name("support", '17.5"; x', "wav") == "support-17.5___x.wav"


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("/rec/support-1.WAV", "wav"),
        ("/rec/support-1.wav49", "wav49"),
        ("/rec/support-1", ""),
        ("/rec/support-1." + "x" * 20, "x" * 16),
    ],
    ids=["upper-case", "wav49", "no-extension", "cut-to-16"],
)
def test_the_format_is_the_lower_case_extension(path: str, fmt: str) -> None:
    assert files.file_format(path) == fmt


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("wav", "audio/wav"),
        ("mp3", "audio/mpeg"),
        ("gsm", "audio/x-gsm"),
        ("flac", "application/octet-stream"),
    ],
)
def test_each_format_is_served_with_its_content_type(fmt: str, expected: str) -> None:
    assert files.content_type(fmt) == expected


def test_a_download_without_a_format_is_named_bin() -> None:
    assert files.download_name("support", "17.5", "") == "support-17.5.bin"


def test_a_long_download_name_is_cut_before_its_extension() -> None:
    name = files.download_name("support", "9" * 200, "wav")
    assert name == f"support-{'9' * 92}.wav"


def test_the_directory_itself_and_a_relative_or_nul_path_are_not_inside(tmp_path: Path) -> None:
    root = str(tmp_path)
    assert not files.inside(root, root)
    assert not files.inside("relative/a.wav", root)
    assert not files.inside(f"{root}/a\x00.wav", root)
    assert not files.inside("", root)
