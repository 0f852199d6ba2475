"""The queue_log loader against the real database: idempotent, resumable, rotation-aware, never fatal."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from callcenter.stats.loader import LoadResult, load_file
from callcenter.stats.models import Call, LoaderPosition, QuarantinedLine, QueueLogLine
from callcenter.stats.parser import line_hash
from tests.stats.conftest import T0
from tests.stats.parse_parity import stored_beside_parsed

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


# Lines for the SQL parse (PostgreSQL) against parse_line: every shape the fast path takes, lines it
# leaves to parse_line (a timestamp with a leading zero, a custom verb with odd fields), and malformed ones.
_PARITY_LINES = [
    f"{T0}|700.1|support|NONE|ENTERQUEUE||5557001|1",
    f"{T0}|700.1|support|NONE|ENTERQUEUE|",
    f"{T0}|700.1|support|Agent 1001|CONNECT|2|700.19|2",
    f"{T0}|700.1|support|Agent 1001|COMPLETEAGENT|2|30|1",
    f"{T0}|700.1|support|Agent 1001|COMPLETECALLER|0002|30|1",
    f"{T0}|700.1|support|Agent 1001|BLINDTRANSFER|2000|default|2|30|1",
    f"{T0}|700.1|support|Agent 1001|ATTENDEDTRANSFER|BRIDGE|b1|2|30|1",
    f"{T0}|700.1|support|Agent 1001|ATTENDEDTRANSFER|LINK|PJSIP/a-1|PJSIP/b-2|2|30|1",
    f"{T0}|700.1|support|NONE|EXITWITHKEY|5|1|1|12",
    f"{T0}|700.1|support|NONE|ABANDON|1|1|7",
    f"{T0}|700.1|support|NONE|EXITWITHTIMEOUT|1|1|300",
    f"{T0}|700.1|support|NONE|EXITEMPTY|1|1|2",
    f"{T0}|700.1|support|Agent 1001|RINGNOANSWER|15000",
    f"{T0}|700.1|support|Agent 1001|RINGCANCELED|800",
    f"{T0}|700.1|support|Agent 1001|SURVEY|05",
    f"{T0}|700.1|support|Agent 1001|RECORDING|",
    f"{T0}|NONE|support|Agent 1001|PAUSE",
    f"{T0}|NONE|NONE|Agent 1001|PAUSEALL|lunch",
    f"{T0}|NONE|support|Agent 1001|PENALTY|007",
    f"{T0}|MANAGER|support|PJSIP/1001|ADDMEMBER|",
    f"{T0}|NONE|NONE|NONE|QUEUESTART|",
    f"{T0}|manual|support|Agent 1001|AGENTNOTE|a|b||c",
    f"{T0}|manual|support|Agent Ünïcode|Custom_Verb-2|ß",
    f"0{T0}|700.2|support|NONE|ENTERQUEUE||5557002|1",
    "",
    "garbage without pipes",
    "yesterday|1.1|support|NONE|ENTERQUEUE||1|1",
    "12|1.1|support|NONE|ENTERQUEUE||1|1",
    f"{T0}|1.1|support|NONE|ENTER QUEUE||1|1",
    f"{T0}|1.1|support|NONE|{'V' * 33}|",
    f"{T0}|1.1|support|Agent 1|CONNECT|soon|x|0",
    f"{T0}|1.1|support|Agent 1|CONNECT|1234567890|x|0",
    f"{T0}|1.1|support|Agent 1|CONNECT|-1|x|0",
    f"{T0}|1.1|support|Agent 1|COMPLETECALLER|0",
    f"{T0}|1.1|support|Agent 1|BLINDTRANSFER|2000|default|2",
    f"{T0}|1.1|support|Agent 1|ATTENDEDTRANSFER|BRIDGE|2|3|1",
    f"{T0}|1.1|support|NONE|EXITWITHKEY|5|1|1",
    f"{T0}|1.1|support|Agent 1|RECORDING",
    f"{T0}|1.1|support|NONE|SURVEY|9",
    f"{T0}|1.1|support|NONE|SURVEY|0",
    f"{T0}||support|NONE|ABANDON|1|1|3",
    f"{T0}|{'1' * 65}|support|NONE|ABANDON|1|1|3",
    f"{T0}|1.1|support|NONE|ENTERQUEUE||{'5' * 256}|1",
]


def test_the_sql_parse_stores_and_refuses_exactly_what_parse_line_does(
    write_log: Callable[..., Path],
) -> None:
    path = write_log(_PARITY_LINES)
    result = load_file(path, "pbx1")
    for text, line, expected in stored_beside_parsed(_PARITY_LINES):
        assert line.time == datetime.fromtimestamp(expected.epoch, tz=UTC), text
        assert (line.callid, line.queue, line.agent, line.verb, line.data) == expected[1:6], text
        assert (line.wait_s, line.talk_s, line.value, line.info) == expected[6:], text
        assert line.line_hash == line_hash(text.encode()), text
    stored, quarantined = QueueLogLine.objects.count(), QuarantinedLine.objects.count()
    assert (result.loaded, result.quarantined) == (stored, quarantined) == (24, 19)


def test_tabs_and_backslashes_are_stored_as_written(write_log: Callable[..., Path]) -> None:
    path = write_log([f"{T0}|manual|support|Agent 1001|AGENTNOTE|C:\\notes\\new\tline|\\N"])
    assert load_file(path, "pbx1").loaded == 1
    assert QueueLogLine.objects.get().data == "C:\\notes\\new\tline|\\N"


def test_a_line_with_a_nul_byte_is_quarantined(write_log: Callable[..., Path]) -> None:
    path = write_log(_call_lines("800.1", T0, "5558001"))
    with path.open("ab") as handle:
        handle.write(f"{T0 + 20}|800.1|support|NONE|AGENTNOTE|a\x00b\n".encode())
    result = load_file(path, "pbx1")
    assert result.as_dict() == {"loaded": 3, "duplicates": 0, "quarantined": 1}
    quarantined = QuarantinedLine.objects.get()
    assert (quarantined.line_number, quarantined.reason) == (4, "contains a NUL byte")


def test_a_survey_in_a_later_batch_completes_its_call(write_log: Callable[..., Path]) -> None:
    path = write_log([*_call_lines("900.1", T0, "5559001"), f"{T0 + 60}|900.1|support|Agent 1001|SURVEY|4"])
    load_file(path, "pbx1", batch_lines=3)
    call = Call.objects.get()
    assert (call.outcome, call.talk_s, call.survey_score) == (Call.Outcome.ANSWERED, 10, 4)


def test_a_call_cut_by_every_batch_boundary_is_assembled_whole(write_log: Callable[..., Path]) -> None:
    path = write_log(_call_lines("910.1", T0, "5559101", talk=25))
    assert load_file(path, "pbx1", batch_lines=1).loaded == 3
    call = Call.objects.get()
    assert (call.caller, call.agent, call.wait_s, call.talk_s, call.ended_by) == (
        "5559101",
        "Agent 1001",
        2,
        25,
        "caller",
    )
