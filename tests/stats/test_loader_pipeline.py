"""A pipelined load: batches committed by one connection, assembled by another, caught up after a stop.

These tests commit for real (``transaction=True``): a second connection only sees committed lines.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from callcenter.stats import assembly
from callcenter.stats.loader import load_file
from callcenter.stats.models import AgentSession, AssemblyMark, Call, Pause, QueueLogLine, RingNoAnswer
from tests.stats.assembled import assembled
from tests.stats.scenario import LINES

pytestmark = pytest.mark.django_db(transaction=True)


def _recorded_day(asterisk_fixtures: Path, write_log: Callable[..., Path]) -> Path:
    """Every recorded queue_log scenario and the hand-written day, one after the other, in one file."""
    recorded: list[str] = []
    for path in sorted((asterisk_fixtures / "queue_log").glob("*.queue_log")):
        text = path.read_bytes().replace(b"\x00", b"").decode("utf-8")
        recorded.extend(text.splitlines())
    return write_log([*recorded, *LINES])


def test_a_pipelined_load_assembles_what_one_batch_does(
    asterisk_fixtures: Path, write_log: Callable[..., Path]
) -> None:
    path = _recorded_day(asterisk_fixtures, write_log)
    whole = load_file(path, "whole", pipeline=False)
    piped = load_file(path, "piped", batch_lines=2, pipeline=True)
    assert piped.as_dict() == whole.as_dict()
    expected = assembled("whole")
    # The recorded day has calls, missed rings, pauses and sessions (and no callback turns).
    assert all(expected[model._meta.db_table] for model in (Call, RingNoAnswer, Pause, AgentSession)), (
        expected
    )
    assert assembled("piped") == expected
    last_line = QueueLogLine.objects.filter(server="piped").order_by("-id").values_list("id", flat=True)[0]
    assert AssemblyMark.objects.get(server="piped").line_id == last_line


def test_lines_stored_but_not_assembled_are_assembled_by_the_next_run(
    asterisk_fixtures: Path, write_log: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _recorded_day(asterisk_fixtures, write_log)
    load_file(path, "whole", pipeline=False)

    def stopped(server: str, since_id: int, upto_id: int) -> None:
        raise RuntimeError("assembly stopped")

    with monkeypatch.context() as patched:
        patched.setattr(assembly, "assemble", stopped)
        with pytest.raises(RuntimeError, match="assembly stopped"):
            load_file(path, "piped", batch_lines=5, pipeline=True)
    stored = QueueLogLine.objects.filter(server="piped").count()
    assert stored
    assert not Call.objects.filter(server="piped").exists()

    again = load_file(path, "piped", batch_lines=5, pipeline=True)
    assert stored + again.loaded == QueueLogLine.objects.filter(server="whole").count()
    assert assembled("piped") == assembled("whole")


def test_a_range_already_assembled_is_not_assembled_again(write_log: Callable[..., Path]) -> None:
    path = write_log(LINES)
    load_file(path, "pbx1", pipeline=False)
    calls = Call.objects.filter(server="pbx1").count()
    last_line = QueueLogLine.objects.filter(server="pbx1").order_by("-id").values_list("id", flat=True)[0]
    assert assembly.catch_up("pbx1", last_line) == last_line
    assert assembly.catch_up("pbx1") == last_line
    assert Call.objects.filter(server="pbx1").count() == calls


def test_catching_up_a_server_without_lines_does_nothing() -> None:
    assert assembly.catch_up("pbx9") == 0
    assert not Call.objects.exists()
