"""Assembly plans that do not depend on how well the statistics know the server being loaded."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pytest
from django.db import connection

from benchmarks.queue_log_gen import CenterShape, write
from callcenter.stats import assembly
from callcenter.stats.loader import load_file
from callcenter.stats.models import QueueLogLine
from callcenter.stats.sql import calls as calls_sql
from callcenter.stats.sql import members as members_sql

pytestmark = pytest.mark.django_db

# An index condition on each callid of a temporary table: "((callid)::text = (stats_call_span.callid)::text)".
_BY_CALLID = re.compile(r"\(callid\)::text = \((s|stats_call_span|stats_turn_span)\.callid\)::text")


def _explain(sql: str, params: Sequence[str | int | datetime]) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _load_generated(path: Path, server: str, shape: CenterShape, max_batches: int | None = None) -> None:
    """Write a generated queue_log of that shape to ``path`` and load it, unpipelined, as ``server``."""
    write(path, shape)
    load_file(path, server, pipeline=False, max_batches=max_batches)


def _analyze_lines() -> None:
    """Refresh the planner's statistics of the stored queue_log lines."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE stats_queuelogline")


def _callid_probes_of_the_span(server: str) -> str:
    """The plan of finding ``server``'s calls cut by its last 1000 lines; asserts it probes each callid."""
    last = _last_line(server)
    span = calls_sql.statements(connection.vendor).span.split("INSERT INTO stats_call_span (callid)", 1)[1]
    plan = _explain(span, [server, last - 1_000, last, server, last - 1_000])
    probes = [line for line in plan.splitlines() if "Index Cond" in line and "callid = " in line]
    assert probes, plan
    return plan


def _last_line(server: str) -> int:
    return int(QueueLogLine.objects.filter(server=server).order_by("-id").values_list("id", flat=True)[0])


def test_a_new_server_next_to_analysed_lines_finds_spanning_calls_by_callid(tmp_path: Path) -> None:
    # Statistics taken while another server's lines were all there is (a reused database, a new
    # server): without fresh ones the planner expects one line of the new server and reads all of
    # them for every callid it looks up.
    _load_generated(tmp_path / "other.log", "other", CenterShape(agents=20, days=1, lines=20_000))
    _analyze_lines()
    _load_generated(tmp_path / "new.log", "new", CenterShape(agents=20, days=1, lines=2_000, seed=8))
    _callid_probes_of_the_span("new")


def test_lines_of_spanning_calls_and_turns_are_read_by_callid_after_the_table_grew(tmp_path: Path) -> None:
    # Statistics taken when the server had a few lines (a bulk load's first batch): the planner then
    # expects few lines up to any id and, left to itself, reads every line of the server for every
    # batch to find the lines of the few callids cut by its boundary (quadratic in the lines).
    path = tmp_path / "queue_log"
    _load_generated(path, "pbx1", CenterShape(agents=20, days=2, lines=30_000), max_batches=1)
    _analyze_lines()
    load_file(path, "pbx1", pipeline=False)
    last = _last_line("pbx1")
    sql = calls_sql.statements(connection.vendor)
    with connection.cursor() as cursor:
        for table in (calls_sql.SPAN_TABLE_SQL, calls_sql.TURN_TABLE_SQL):
            cursor.execute(table)
        cursor.execute(
            "INSERT INTO stats_call_span (callid) SELECT DISTINCT callid FROM stats_queuelogline "
            "WHERE server = 'pbx1' AND verb = 'CONNECT' AND id > %s",
            [last - 200],
        )
        cursor.execute("INSERT INTO stats_turn_span (callid) SELECT callid FROM stats_call_span")
    ids = calls_sql.IDS_BY_CALLID_SQL
    checked: list[tuple[str, list[str | int]]] = [
        (sql.spanning_calls, ["pbx1", last]),
        (sql.turns, ["pbx1", last]),
        (ids.format(table="stats_call", span_table="stats_call_span"), ["pbx1"]),
        (ids.format(table="stats_callbackturn", span_table="stats_turn_span"), ["pbx1"]),
    ]
    for statement, params in checked:
        plan = _explain(statement, params)
        by_callid = [line for line in plan.splitlines() if "Index Cond" in line and _BY_CALLID.search(line)]
        assert by_callid, plan
        assert "Seq Scan on stats_queuelogline" not in plan, plan
        assert "Seq Scan on stats_call " not in plan, plan


def test_pauses_and_sessions_are_rebuilt_from_the_member_lines_since_their_horizon(tmp_path: Path) -> None:
    # Every batch rebuilds the pauses and sessions from a time on: reading the member lines by time,
    # not every member line of the server (which grows with the month).
    _load_generated(tmp_path / "queue_log", "pbx1", CenterShape(agents=20, days=2, lines=30_000))
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(time) FROM stats_queuelogline WHERE server = 'pbx1'")
        horizon = cursor.fetchone()[0]
    for statement in (members_sql.PAUSES_SQL, members_sql.SESSIONS_SQL):
        plan = _explain(statement, ["pbx1", horizon, _last_line("pbx1")])
        by_time = [line for line in plan.splitlines() if "Index Cond" in line and '"time" >=' in line]
        assert "stats_line_member_time" in plan and by_time, plan


@pytest.mark.django_db(transaction=True)
def test_a_table_emptied_and_analysed_is_analysed_again_once_lines_are_stored(tmp_path: Path) -> None:
    # Emptied then analysed (the benchmark's purge, old data deleted): the statistics say "no rows",
    # the planner then expects one row whatever is stored, ties every index and may probe each callid
    # through the natural key, reading all of the server's lines per callid.
    _load_generated(tmp_path / "old.log", "old", CenterShape(agents=20, days=1, lines=20_000))
    with connection.cursor() as cursor:
        for table in (
            "stats_ringnoanswer",
            "stats_call",
            "stats_pause",
            "stats_agentsession",
            "stats_queuelogline",
        ):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        cursor.execute("ANALYZE stats_queuelogline")
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'stats_queuelogline'")
        assert cursor.fetchone()[0] == 0
    _load_generated(
        tmp_path / "new.log", "new", CenterShape(agents=20, days=1, lines=20_000, seed=8), max_batches=1
    )
    with connection.cursor() as cursor:
        # This connection's counts of the rows it stored, flushed as soon as it is idle.
        cursor.execute("SELECT pg_stat_force_next_flush()")
    # What the loader runs before assembling its next batch (the first batch may already have done it,
    # depending on when the counts of the deleted rows reached the statistics).
    assembly.refresh_statistics("new")
    assert assembly.refresh_statistics("new") == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'stats_queuelogline'")
        assert cursor.fetchone()[0] > 0
    plan = _callid_probes_of_the_span("new")
    assert "stats_line_natural_key" not in plan, plan
