"""``manage.py load_queue_log`` killed with SIGKILL again and again: every run moves forward, and the end
state is that of one uninterrupted load (every line once, every call once).

The loader runs as a real process on a generated file of a few hundred thousand lines, against the
test database, and is killed a few seconds after it connects: well before a 500,000-line batch could
commit. These tests commit for real (``transaction=True``): the process only sees committed rows.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection

from benchmarks.queue_log_gen import CenterShape, write
from callcenter.stats.loader import load_file
from callcenter.stats.models import AssemblyMark, LoaderPosition, QueueLogLine
from tests.stats.assembled import ASSEMBLED_MODELS, assembled_columns
from tests.stats.loader_process import ROOT, loader_command, loader_env

pytestmark = pytest.mark.django_db(transaction=True)

# Three days of a 100-agent center: ~23 MB, so the first runs assemble on a second connection and the
# last ones (less than 16 MB left) in the storing transaction; both are killed.
SHAPE = CenterShape(agents=100, days=3, lines=350_000)
# Seconds from the moment a run is connected to the database to its SIGKILL: a few commit intervals,
# staggered so that the kills fall in different places (storing, assembling, committing, catching up).
KILL_AFTER_S = (1.5, 2.5, 2.0, 3.0)
WAIT_CONNECTED_S = 30.0
# Every killed run must move forward (below), so the file always ends; this bounds how long that may take
# by runs, not by seconds: on a loaded machine each run gets less done in the same few seconds.
MAX_RUNS = 50

_LINE_COLUMNS = "file_offset, line_hash, time, callid, queue, agent, verb, data, wait_s, talk_s, value, info"
_ASSEMBLED = {model._meta.db_table: ", ".join(assembled_columns(model)) for model in ASSEMBLED_MODELS}


def _position(server: str) -> int:
    return int(LoaderPosition.objects.filter(server=server).values_list("offset", flat=True).first() or 0)


def _connected(application_name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE application_name = %s", [application_name])
        return cursor.fetchone() is not None


def _start(path: Path, server: str, run: int) -> tuple[subprocess.Popen[bytes], str]:
    application_name = f"kill-test-{os.getpid()}-{run}"
    process = subprocess.Popen(
        # The loader alone: the callback list's own stage (committed in steps, from its own mark) would run
        # after each completed load and is tested in tests/stats/test_callback_entries.py.
        loader_command(path, server, "--json", "--no-callbacks"),
        cwd=ROOT,
        env=loader_env(application_name),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return process, application_name


def _wait_connected(process: subprocess.Popen[bytes], application_name: str) -> None:
    """Wait (bounded) until the run has a database connection or has ended."""
    deadline = time.monotonic() + WAIT_CONNECTED_S
    while not _connected(application_name):
        try:
            process.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            assert time.monotonic() < deadline, "the loader did not connect to the database"
        else:
            return


def _differences(table: str, columns: str, where_a: str, where_b: str) -> int:
    """Rows of one side not matched one-for-one on the other (EXCEPT ALL, both ways)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM (SELECT {columns} FROM {table} WHERE {where_a} "  # noqa: S608
            f"EXCEPT ALL SELECT {columns} FROM {table} WHERE {where_b}) a) + "
            f"(SELECT COUNT(*) FROM (SELECT {columns} FROM {table} WHERE {where_b} "
            f"EXCEPT ALL SELECT {columns} FROM {table} WHERE {where_a}) b)"
        )
        return int(cursor.fetchone()[0])


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kill") / "queue_log"
    write(path, SHAPE)
    return path


@pytest.mark.timeout(600)
def test_a_loader_killed_every_few_seconds_progresses_and_ends_exactly_once(generated: Path) -> None:
    size = generated.stat().st_size
    runs: list[tuple[int, int]] = []
    while True:
        assert len(runs) < MAX_RUNS, f"not loaded after {len(runs)} runs: {runs}"
        before = _position("killed")
        process, application_name = _start(generated, "killed", len(runs))
        try:
            _wait_connected(process, application_name)
            process.wait(timeout=KILL_AFTER_S[len(runs) % len(KILL_AFTER_S)])
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
        finally:
            process.wait(timeout=10)
            assert process.stderr is not None
            errors = process.stderr.read().decode()
            process.stderr.close()
        after = _position("killed")
        runs.append((before, after))
        if process.returncode == 0:
            break
        assert process.returncode == -signal.SIGKILL, errors
        # (a) A killed run with lines left still committed some of them.
        assert after > before, f"run {len(runs)} made no progress: {runs}"
    # At least two killed runs before the one that finished.
    assert len(runs) >= 3, f"the loader was not killed often enough to test anything: {runs}"
    assert _position("killed") == size

    # (b) The same as one uninterrupted load of the same file.
    whole = load_file(generated, "whole")
    assert whole.quarantined == 0
    assert whole.loaded == QueueLogLine.objects.filter(server="killed").count()
    assert _differences("stats_queuelogline", _LINE_COLUMNS, "server = 'killed'", "server = 'whole'") == 0
    for table, columns in _ASSEMBLED.items():
        assert _differences(table, columns, "server = 'killed'", "server = 'whole'") == 0, table
    last_line = QueueLogLine.objects.filter(server="killed").order_by("-id").values_list("id", flat=True)[0]
    assert AssemblyMark.objects.get(server="killed").line_id == last_line
