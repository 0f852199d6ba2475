"""Reading queue_log ahead of the database: only complete lines, and chunks that divide a batch evenly."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcenter.stats.loader.batch import escape_copy, is_utf8
from callcenter.stats.loader.reading import chunk_lines, complete_blocks
from callcenter.stats.loader.result import CHUNK_LINES, READ_CHUNK


def _lines(path: Path, offset: int = 0) -> list[bytes]:
    return [line for block in complete_blocks(path, offset) for line in block]


def test_a_line_without_its_newline_waits_for_the_next_run(tmp_path: Path) -> None:
    path = tmp_path / "queue_log"
    path.write_bytes(b"1|a|q|NONE|ENTERQUEUE\n2|a|q|NONE|ABAN")
    assert _lines(path) == [b"1|a|q|NONE|ENTERQUEUE"]


def test_reading_starts_at_the_offset(tmp_path: Path) -> None:
    path = tmp_path / "queue_log"
    path.write_bytes(b"first\nsecond\nthird\n")
    assert _lines(path, len(b"first\n")) == [b"second", b"third"]


def test_an_empty_file_or_one_read_to_its_end_gives_nothing(tmp_path: Path) -> None:
    path = tmp_path / "queue_log"
    path.write_bytes(b"")
    assert _lines(path) == []
    path.write_bytes(b"only\n")
    assert _lines(path, path.stat().st_size) == []


def test_a_line_across_two_reads_comes_out_whole(tmp_path: Path) -> None:
    path = tmp_path / "queue_log"
    long_line = b"x" * (READ_CHUNK - 3) + b"|tail"
    path.write_bytes(b"ab\n" + long_line + b"\nlast\n")
    assert _lines(path) == [b"ab", long_line, b"last"]


def test_empty_lines_are_kept_so_line_numbers_stay_right(tmp_path: Path) -> None:
    path = tmp_path / "queue_log"
    path.write_bytes(b"one\n\nthree\n")
    assert _lines(path) == [b"one", b"", b"three"]


@pytest.mark.parametrize(
    ("batch", "expected"),
    [(1, 1), (CHUNK_LINES, CHUNK_LINES), (CHUNK_LINES + 1, CHUNK_LINES // 2 + 1), (120_000, 40_000)],
)
def test_chunks_are_at_most_chunk_lines_and_even(batch: int, expected: int) -> None:
    assert chunk_lines(batch) == expected
    assert expected <= CHUNK_LINES


def test_only_utf8_text_is_utf8() -> None:
    assert is_utf8("звонок|очередь".encode())
    assert not is_utf8(b"\xff\xfe|bad bytes")


def test_copy_escapes_backslashes_tabs_and_carriage_returns() -> None:
    assert escape_copy(b"a\\b\tc\rd|e") == b"a\\\\b\\tc\\rd|e"
