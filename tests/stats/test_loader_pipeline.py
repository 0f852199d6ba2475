"""A pipelined load: batches committed by one connection, assembled by another, caught up after a stop.

These tests commit for real (``transaction=True``): a second connection only sees committed lines.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from callcenter.stats import assembly
from callcenter.stats.loader import load_file
from callcenter.stats.models import AgentSession, AssemblyMark, Call, Pause, QueueLogLine, RingNoAnswer
from tests.stats.scenario import LINES

pytestmark = pytest.mark.django_db(transaction=True)


def _recorded_day(asterisk_fixtures: Path, write_log: Callable[..., Path]) -> Path:
    """Every recorded queue_log scenario and the hand-written day, one after the other, in one file."""
    recorded: list[str] = []
    for path in sorted((asterisk_fixtures / "queue_log").glob("*.queue_log")):
        text = path.read_bytes().replace(b"\x00", b"").decode("utf-8")
        recorded.extend(text.splitlines())
    return write_log([*recorded, *LINES])


def _assembled(server: str) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "calls": sorted(
            Call.objects.filter(server=server).values_list(
                "callid",
                "queue",
                "caller",
                "entered_at",
                "connected_at",
                "ended_at",
                "outcome",
                "wait_s",
                "talk_s",
                "agent",
                "transfer_target",
                "ended_by",
                "exit_key",
                "survey_score",
                "recording",
            )
        ),
        "missed": sorted(
            RingNoAnswer.objects.filter(server=server).values_list(
                "callid", "queue", "agent", "time", "ring_ms"
            )
        ),
        "pauses": sorted(
            Pause.objects.filter(server=server).values_list(
                "queue", "agent", "reason", "started_at", "ended_at"
            )
        ),
        "sessions": sorted(
            AgentSession.objects.filter(server=server).values_list("queue", "agent", "started_at", "ended_at")
        ),
    }


def test_a_pipelined_load_assembles_what_one_batch_does(
    asterisk_fixtures: Path, write_log: Callable[..., Path]
) -> None:
    path = _recorded_day(asterisk_fixtures, write_log)
    whole = load_file(path, "whole", pipeline=False)
    piped = load_file(path, "piped", batch_lines=2, pipeline=True)
    assert piped.as_dict() == whole.as_dict()
    expected = _assembled("whole")
    assert expected["calls"] and expected["missed"] and expected["pauses"] and expected["sessions"]
    assert _assembled("piped") == expected
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
    assert _assembled("piped") == _assembled("whole")


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
