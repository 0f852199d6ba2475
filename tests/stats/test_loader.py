"""The queue_log loader against the real database: idempotent, resumable, rotation-aware, never fatal."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from callcenter.stats.loader import LoadResult, load_file
from callcenter.stats.models import Call, LoaderPosition, QuarantinedLine, QueueLogLine
from tests.stats.conftest import T0

pytestmark = pytest.mark.django_db


def _call_lines(callid: str, start: int, caller: str, talk: int = 10) -> list[str]:
    return [
        f"{start}|{callid}|support|NONE|ENTERQUEUE||{caller}|1",
        f"{start + 2}|{callid}|support|Agent 1001|CONNECT|2|{callid}9|2",
        f"{start + 2 + talk}|{callid}|support|Agent 1001|COMPLETECALLER|2|{talk}|1",
    ]


def test_every_recorded_line_is_stored(load_fixture: Callable[..., LoadResult]) -> None:
    result = load_fixture()
    # 3 + 6 + 4 + 10 + 8 + 3 lines in s01..s06; none is malformed.
    assert result.as_dict() == {"loaded": 34, "duplicates": 0, "quarantined": 0}
    assert QueueLogLine.objects.count() == 34
    # The custom verb of s04 is stored as written, not dropped.
    note = QueueLogLine.objects.get(verb="AGENTNOTE")
    assert (note.callid, note.agent, note.data) == (
        "manual",
        "Local/1401@agents/n",
        "note from control plane",
    )


def test_loading_twice_adds_nothing(load_fixture: Callable[..., LoadResult]) -> None:
    load_fixture()
    counts = (QueueLogLine.objects.count(), Call.objects.count())
    assert load_fixture().as_dict() == {"loaded": 0, "duplicates": 0, "quarantined": 0}
    assert (QueueLogLine.objects.count(), Call.objects.count()) == counts == (34, 7)


def test_a_copy_of_a_loaded_file_counts_as_duplicates(
    asterisk_fixtures: Path, tmp_path: Path, load_fixture: Callable[..., LoadResult]
) -> None:
    load_fixture("s05_status_snapshot")
    copy = tmp_path / "copy.queue_log"
    shutil.copy(asterisk_fixtures / "queue_log" / "s05_status_snapshot.queue_log", copy)
    assert load_file(copy, "pbx1").as_dict() == {"loaded": 0, "duplicates": 8, "quarantined": 0}
    assert QueueLogLine.objects.count() == 8


def test_the_same_lines_from_another_server_are_kept(
    asterisk_fixtures: Path, load_fixture: Callable[..., LoadResult]
) -> None:
    load_fixture("s01_inbound")
    result = load_file(asterisk_fixtures / "queue_log" / "s01_inbound.queue_log", "pbx2")
    assert result.loaded == 3
    assert Call.objects.filter(callid="1795355838.1").count() == 2


def test_appended_lines_are_picked_up_from_the_stored_offset(write_log: Callable[..., Path]) -> None:
    path = write_log(_call_lines("100.1", T0, "5551001"))
    assert load_file(path, "pbx1").loaded == 3
    write_log(_call_lines("100.2", T0 + 60, "5551002"), append=True)
    assert load_file(path, "pbx1").as_dict() == {"loaded": 3, "duplicates": 0, "quarantined": 0}
    position = LoaderPosition.objects.get(server="pbx1")
    assert (position.offset, position.line_number) == (path.stat().st_size, 6)


def test_a_half_written_last_line_waits_for_its_newline(write_log: Callable[..., Path]) -> None:
    path = write_log(_call_lines("100.1", T0, "5551001")[:2])
    with path.open("a") as handle:
        handle.write(f"{T0 + 12}|100.1|support|Agent 1001|COMPLETECALLER|2|1")
    assert load_file(path, "pbx1").loaded == 2
    assert Call.objects.get().outcome == Call.Outcome.ANSWERED
    with path.open("a") as handle:
        handle.write("0|1\n")
    assert load_file(path, "pbx1").loaded == 1
    call = Call.objects.get()
    assert (call.talk_s, call.ended_by) == (10, "caller")


def test_a_stopped_run_resumes_where_it_committed(write_log: Callable[..., Path]) -> None:
    lines = [line for n in range(5) for line in _call_lines(f"200.{n}", T0 + 100 * n, f"55520{n}")]
    path = write_log(lines)
    # Stopped after the first committed batch of 4 lines, as if the process had died there.
    first = load_file(path, "pbx1", batch_lines=4, max_batches=1)
    assert first.loaded == 4
    assert LoaderPosition.objects.get(server="pbx1").line_number == 4
    rest = load_file(path, "pbx1", batch_lines=4)
    assert rest.as_dict() == {"loaded": 11, "duplicates": 0, "quarantined": 0}
    assert Call.objects.filter(outcome=Call.Outcome.ANSWERED, talk_s=10).count() == 5


def test_a_lost_position_only_finds_duplicates(write_log: Callable[..., Path]) -> None:
    path = write_log(_call_lines("300.1", T0, "5553001"))
    load_file(path, "pbx1")
    # The position row is lost (restored backup): the natural key still refuses every line again.
    LoaderPosition.objects.all().delete()
    assert load_file(path, "pbx1").as_dict() == {"loaded": 0, "duplicates": 3, "quarantined": 0}


def test_rotation_by_rename_finishes_the_old_file_then_reads_the_new(write_log: Callable[..., Path]) -> None:
    path = write_log(_call_lines("400.1", T0, "5554001"))
    load_file(path, "pbx1")
    write_log(_call_lines("400.2", T0 + 60, "5554002"), append=True)
    os.rename(path, path.with_name("queue_log.1"))
    write_log(_call_lines("400.3", T0 + 120, "5554003"))
    result = load_file(path, "pbx1")
    assert result.as_dict() == {"loaded": 6, "duplicates": 0, "quarantined": 0}
    assert sorted(Call.objects.values_list("caller", flat=True)) == ["5554001", "5554002", "5554003"]
    assert LoaderPosition.objects.get(server="pbx1").inode == path.stat().st_ino


def test_rotation_by_copy_and_truncate(write_log: Callable[..., Path]) -> None:
    path = write_log(_call_lines("500.1", T0, "5555001"))
    load_file(path, "pbx1")
    write_log(_call_lines("500.2", T0 + 60, "5555002"), append=True)
    shutil.copy(path, path.with_name("queue_log.1"))
    write_log([f"{T0 + 200}|500.3|support|NONE|ENTERQUEUE||5555003|1"])
    result = load_file(path, "pbx1")
    assert result.as_dict() == {"loaded": 4, "duplicates": 0, "quarantined": 0}
    assert Call.objects.count() == 3


def test_malformed_lines_are_quarantined_with_their_line_number(write_log: Callable[..., Path]) -> None:
    lines = _call_lines("600.1", T0, "5556001")
    path = write_log(
        [lines[0], "garbage without pipes", lines[1], f"{T0}|600.1|support|NONE|SURVEY|7", lines[2]]
    )
    with path.open("ab") as handle:
        handle.write(b"\xff\xfe|bad bytes\n")
    result = load_file(path, "pbx1")
    assert result.as_dict() == {"loaded": 3, "duplicates": 0, "quarantined": 3}
    quarantined = list(QuarantinedLine.objects.values_list("line_number", "reason", "raw_text"))
    assert quarantined == [
        (2, "too few fields (1, need at least 5)", "garbage without pipes"),
        (4, "survey score out of range 1-5: 7", f"{T0}|600.1|support|NONE|SURVEY|7"),
        (6, "not UTF-8 text", "\ufffd\ufffd|bad bytes"),
    ]
    assert Call.objects.get().outcome == Call.Outcome.ANSWERED
    LoaderPosition.objects.all().delete()
    assert load_file(path, "pbx1").as_dict() == {"loaded": 0, "duplicates": 6, "quarantined": 0}
    assert QuarantinedLine.objects.count() == 3


def test_two_identical_lines_in_one_file_are_both_kept(write_log: Callable[..., Path]) -> None:
    pause = f"{T0}|NONE|support|Agent 1001|PAUSE|lunch"
    path = write_log([pause, pause])
    assert load_file(path, "pbx1").loaded == 2
