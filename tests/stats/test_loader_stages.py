"""Where a load's time went: every stage a load runs is on its result, from each of its threads.

These tests commit for real (``transaction=True``): the pipelined load assembles on a second connection.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from callcenter.stats import stages
from callcenter.stats.loader import LoadResult, load_file
from tests.stats.scenario import LINES

pytestmark = pytest.mark.django_db(transaction=True)

# Run by every load of lines with calls, pauses and sessions, on whichever thread runs them.
_EVERY_LOAD = {
    stages.READ,
    stages.STAGING,
    stages.COPY,
    stages.INSERT,
    stages.POSITION,
    stages.WAIT_READER,
    stages.SPANS,
    stages.CALLS,
    stages.MISSED,
    stages.PAUSES,
    stages.SESSIONS,
    stages.MARK,
}


def _check(result: LoadResult, expected: set[str]) -> None:
    seconds = result.stages.seconds()
    assert expected <= set(seconds), expected - set(seconds)
    assert set(seconds) <= set(stages.ORDER)
    assert all(value >= 0 for value in seconds.values())
    # Listed in the order a line goes through the stages.
    assert list(seconds) == [stage for stage in stages.ORDER if stage in seconds]


def test_a_load_records_the_time_of_each_stage(write_log: Callable[..., Path]) -> None:
    result = load_file(write_log(LINES), "pbx1", pipeline=False)
    _check(result, _EVERY_LOAD | {stages.RELINK})


def test_a_pipelined_load_records_the_assembling_threads_stages_too(write_log: Callable[..., Path]) -> None:
    # Two-line batches: spanning calls, a stored batch handed to the assembler while the next is stored.
    result = load_file(write_log(LINES), "pbx1", batch_lines=2, pipeline=True)
    _check(result, _EVERY_LOAD | {stages.STATISTICS, stages.WAIT_ASSEMBLER, stages.RELINK})


def test_a_run_with_nothing_new_records_no_storing_or_assembling(write_log: Callable[..., Path]) -> None:
    path = write_log(LINES)
    load_file(path, "pbx1")
    again = load_file(path, "pbx1")
    assert again.loaded == 0
    assert not {stages.INSERT, stages.CALLS, stages.RELINK} & set(again.stages.seconds())


def test_stages_are_recorded_only_where_asked() -> None:
    times = stages.StageTimes()
    with stages.timed(stages.CALLS):
        pass
    stages.add(stages.CALLS, 1.0)
    assert stages.current() is None
    with stages.recording(times):
        assert stages.current() is times
        stages.add(stages.CALLS, 2.0)
    assert times.seconds() == {stages.CALLS: 2.0}
