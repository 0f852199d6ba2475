"""How a load is cut into committed steps: batches bounded by time, small first batch, bounded catch-up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.queue_log_gen import CenterShape, write
from callcenter.stats import assembly
from callcenter.stats.loader import CHUNK_LINES, FIRST_CHUNK_LINES, load_file
from callcenter.stats.models import (
    AgentSession,
    AssemblyMark,
    Call,
    CallbackTurn,
    LoaderPosition,
    Pause,
    QueueLogLine,
    RingNoAnswer,
)
from tests.stats.assembled import assembled
from tests.stats.scenario import LINES

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    path = tmp_path / "queue_log"
    write(path, CenterShape(agents=20, days=1, lines=FIRST_CHUNK_LINES + CHUNK_LINES + 5_000))
    return path


def test_a_runs_first_batch_is_its_small_first_chunk(generated: Path) -> None:
    assert load_file(generated, "pbx1", max_batches=1).loaded == FIRST_CHUNK_LINES
    assert LoaderPosition.objects.get(server="pbx1").line_number == FIRST_CHUNK_LINES


def test_a_batch_commits_once_its_time_is_spent_whatever_its_size(generated: Path) -> None:
    # No time at all: every batch after the first is one chunk, far below the 500,000-line bound.
    result = load_file(generated, "pbx1", commit_interval_s=0, max_batches=2)
    assert result.loaded == FIRST_CHUNK_LINES + CHUNK_LINES


def test_a_backlog_is_assembled_in_bounded_steps(
    write_log: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_log(LINES)
    load_file(path, "whole")
    load_file(path, "steps")
    expected = assembled("steps")
    # Forget what was assembled: the whole file is now a backlog, as after a stop between commits.
    for model in (Call, CallbackTurn, RingNoAnswer, Pause, AgentSession):
        model.objects.filter(server="steps").delete()
    AssemblyMark.objects.filter(server="steps").update(line_id=0)
    ranges: list[tuple[int, int]] = []
    real_assemble = assembly.assemble

    def recorded(server: str, since_id: int, upto_id: int) -> None:
        ranges.append((since_id, upto_id))
        real_assemble(server, since_id, upto_id)

    monkeypatch.setattr(assembly, "assemble", recorded)
    last = QueueLogLine.objects.filter(server="steps").order_by("-id").values_list("id", flat=True)[0]
    assert assembly.catch_up("steps", max_lines=4) == last
    stored = QueueLogLine.objects.filter(server="steps").count()
    assert len(ranges) == -(-stored // 4)
    assert all(upto - since <= 4 for since, upto in ranges[1:])
    assert AssemblyMark.objects.get(server="steps").line_id == last
    assert assembled("steps") == expected == assembled("whole")
