"""Set-based assembly of calls, callback turns, missed rings, sessions and pauses from the stored queue_log lines.

Each function rebuilds only what a range of newly stored lines touches (the lines of one server with
``since_id < id <= upto_id``), in plain SQL (callcenter.stats.sql) that runs the same on PostgreSQL and
SQLite, except the look-ups by callid, which are written for PostgreSQL so that their plan does not depend
on the statistics. The range starts at the server's AssemblyMark, which moves in the same transaction as
the rebuilt rows.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from callcenter.stats import stages
from callcenter.stats.models import AssemblyMark, QueueLogLine
from callcenter.stats.sql.calls import IDS_BY_CALLID_SQL, SPAN_TABLE_SQL, TURN_TABLE_SQL, statements
from callcenter.stats.sql.members import FIRST_NEW_SQL, MISSED_SQL, PAUSES_SQL, SESSIONS_SQL


def _delete_by_callid(cursor: CursorWrapper, table: str, span_table: str, server: str) -> None:
    """Delete the server's rows of ``table`` (calls or turns) whose callid is in ``span_table``.

    On PostgreSQL their ids are found first, one probe of the (server, callid, queue) key per callid,
    then deleted by primary key: a DELETE joined to the temporary table is planned from statistics that
    may expect a handful of the server's rows, and then reads all of them.
    """
    if connection.vendor != "postgresql":
        cursor.execute(
            f"DELETE FROM {table} WHERE server = %s AND callid IN (SELECT callid FROM {span_table})",  # noqa: S608
            [server],
        )
        return
    cursor.execute(IDS_BY_CALLID_SQL.format(table=table, span_table=span_table), [server])
    ids = [row[0] for row in cursor.fetchall()]
    if ids:
        cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [ids])  # noqa: S608


def _interval_horizon(table: str, server: str, first_new: Any) -> Any:
    """The earliest time from which the intervals of ``table`` must be rebuilt, given its first new line.

    That is the first new line of the member verbs, moved back to the start of any interval still open
    (or ending) at that time, so every interval the new lines can change is deleted and rebuilt whole.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MIN(started_at) FROM {table} WHERE server = %s AND (ended_at IS NULL OR ended_at >= %s)",  # noqa: S608
            [server, first_new],
        )
        open_start = cursor.fetchone()[0]
    # On SQLite both are the stored sortable UTC text; on PostgreSQL datetimes. Either compares correctly.
    return first_new if open_start is None or first_new <= open_start else open_start


def assemble(server: str, since_id: int, upto_id: int) -> None:
    """Rebuild every call, callback turn, missed ring, session and pause the lines ``since_id < id <= upto_id`` touch.

    Every line of the server up to ``upto_id`` must be committed (or stored by this transaction); lines
    after it, which another connection may be storing meanwhile, are left to the next range. The new
    lines are found by primary-key range. ``server || ''`` keeps the planner from reading
    them through the (server, callid) index instead, which during a bulk load (statistics not yet
    analysed) means reading every line of the server for each batch. Calls are built in one GROUP BY
    over the new lines; only the few callids that already had lines (a call cut by the batch
    boundary, a late survey) are looked up through the index and rebuilt from all their lines, and so
    are the held turns of callbacks (CallbackTurn, found by their CALLBACKHOLD line), which make no call.
    Each look-up by callid is one index probe per callid, whatever the statistics say (statements).
    """
    sql = statements(connection.vendor)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Room to sort a batch's lines in memory instead of spilling to disk (this transaction only).
            cursor.execute("SET LOCAL work_mem = '256MB'")
            # The rows commit with the mark (catch_up): a crash loses both, and they are assembled again.
            cursor.execute("SET LOCAL synchronous_commit = off")
            if int(getattr(connection, "pg_version", 0)) >= 140000:
                # A killed loader's statement is aborted within a second, not run to its end.
                cursor.execute("SET LOCAL client_connection_check_interval = 1000")
        with stages.timed(stages.SPANS):
            cursor.execute(SPAN_TABLE_SQL)
            cursor.execute("DELETE FROM stats_call_span")
            cursor.execute(sql.span, [server, since_id, upto_id, server, since_id])
            spanning = cursor.rowcount
            if spanning:
                _delete_by_callid(cursor, "stats_call", "stats_call_span", server)
            cursor.execute(TURN_TABLE_SQL)
            cursor.execute("DELETE FROM stats_turn_span")
            cursor.execute(sql.turn, [server, since_id, upto_id, server, upto_id])
            if cursor.rowcount:
                _delete_by_callid(cursor, "stats_callbackturn", "stats_turn_span", server)
                _delete_by_callid(cursor, "stats_call", "stats_turn_span", server)
                cursor.execute(sql.turns, [server, upto_id])
            if spanning:
                cursor.execute(sql.spanning_calls, [server, upto_id])
        with stages.timed(stages.CALLS):
            cursor.execute(sql.new_calls, [server, since_id, upto_id])
        with stages.timed(stages.MISSED):
            cursor.execute(MISSED_SQL, [server, since_id, upto_id])
        with stages.timed(stages.PAUSES):
            cursor.execute(FIRST_NEW_SQL, [server, since_id, upto_id])
            first_pause, first_session = cursor.fetchone()
    for stage, table, first_new, insert_sql in (
        (stages.PAUSES, "stats_pause", first_pause, PAUSES_SQL),
        (stages.SESSIONS, "stats_agentsession", first_session, SESSIONS_SQL),
    ):
        if first_new is None:
            continue
        with stages.timed(stage), connection.cursor() as cursor:
            horizon = _interval_horizon(table, server, first_new)
            cursor.execute(f"DELETE FROM {table} WHERE server = %s AND started_at >= %s", [server, horizon])  # noqa: S608
            cursor.execute(insert_sql, [server, horizon, upto_id])


# The most lines one catch_up transaction assembles: a stopped run's backlog is assembled in bounded,
# separately committed steps, so a process stopped at any moment loses little of that work either.
MAX_ASSEMBLY_LINES = 250_000


def _last_stored(server: str, after_id: int) -> int | None:
    with connection.cursor() as cursor:
        # By primary-key range from the mark: only the lines stored since it are read.
        cursor.execute(
            "SELECT MAX(id) FROM stats_queuelogline WHERE server || '' = %s AND id > %s", [server, after_id]
        )
        value = cursor.fetchone()[0]
    return None if value is None else int(value)


def _step_end(server: str, since_id: int, upto_id: int, max_lines: int) -> int:
    """Where an assembly step from ``since_id`` towards ``upto_id`` ends: after at most ``max_lines`` ids."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT MIN(id) FROM stats_queuelogline WHERE server || '' = %s AND id > %s AND id <= %s",
            [server, since_id, upto_id],
        )
        first = cursor.fetchone()[0]
    if first is None:
        return upto_id
    return min(upto_id, int(first) + max_lines - 1)


_SERVER_TABLES = (
    "stats_queuelogline",
    "stats_call",
    "stats_callbackturn",
    "stats_ringnoanswer",
    "stats_pause",
    "stats_agentsession",
)


# Tables whose statistics say that (nearly) every row belongs to servers other than this one: the
# planner then expects one row for this server and may read all of them through the wrong index.
_STALE_STATISTICS_SQL = """
SELECT s.tablename FROM pg_stats s
WHERE s.schemaname = current_schema() AND s.tablename = ANY(%s) AND s.attname = 'server'
    AND s.most_common_vals IS NOT NULL
    AND NOT (%s = ANY(s.most_common_vals::text::text[]))
    AND (SELECT SUM(f) FROM unnest(s.most_common_freqs) f) > 0.99
"""


# The large tables a bulk load grows, whose statistics the look-ups depend on.
_GROWING_TABLES = ("stats_queuelogline", "stats_call")


# Tables that say they are empty although they were written to (emptied and analysed, then filled
# again: the planner then expects one row and may read all of them through whichever index), or that
# changed by more rows than their statistics describe since they were analysed (about doubled), and
# by at least GROWTH_ROWS rows: what autovacuum's insert-driven ANALYZE does on a stock server.
_GROWN_SQL = """
SELECT c.relname FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY(%s)
    AND s.n_mod_since_analyze > 0
    AND (c.reltuples = 0 OR s.n_mod_since_analyze >= GREATEST(c.reltuples, %s))
"""


GROWTH_ROWS = 50_000


def refresh_statistics(server: str) -> list[str]:
    """ANALYZE the statistics tables whose statistics do not describe them; returns their names.

    That is: statistics that do not know ``server`` (a database reused after a purge, or a new server
    next to others), a table whose statistics say it is empty although it has rows since (emptied, then
    loaded again), and a large table that about doubled since it was last analysed (a bulk load on a
    server without autovacuum: about a dozen ANALYZEs for a 10 M-line load). Cheap when nothing is
    stale (two catalogue queries): call it after each committed batch. On PostgreSQL only.
    """
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(_STALE_STATISTICS_SQL, [list(_SERVER_TABLES), server])
        stale = {row[0] for row in cursor.fetchall()}
        cursor.execute(_GROWN_SQL, [list(_GROWING_TABLES), GROWTH_ROWS])
        stale.update(row[0] for row in cursor.fetchall())
        for table in sorted(stale):
            cursor.execute(f"ANALYZE {table}")
    return sorted(stale)


def behind(server: str) -> bool:
    """Whether the server has stored lines that are not assembled yet (a run stopped between commits)."""
    mark = AssemblyMark.objects.filter(server=server).values_list("line_id", flat=True).first() or 0
    return QueueLogLine.objects.filter(server=server, id__gt=mark).exists()


def catch_up(server: str, upto_id: int | None = None, *, max_lines: int = MAX_ASSEMBLY_LINES) -> int:
    """Assemble the server's lines after its AssemblyMark, up to ``upto_id`` (default: the last stored).

    Each step of at most ``max_lines`` line ids runs in its own transaction (or a savepoint of the
    caller's) and moves the mark with the rows it writes. The mark row is locked, so two loaders of
    one server never assemble the same range; a range already assembled by another is skipped.
    Returns how far the lines are now assembled.
    """
    while True:
        started = time.perf_counter()
        with transaction.atomic():
            AssemblyMark.objects.get_or_create(server=server)
            mark = AssemblyMark.objects.select_for_update().get(server=server)
            if upto_id is None:
                upto_id = _last_stored(server, mark.line_id)
                if upto_id is None:
                    return mark.line_id
            if upto_id <= mark.line_id:
                return mark.line_id
            step_end = _step_end(server, mark.line_id, upto_id, max_lines)
            assembling = time.perf_counter()
            assemble(server, mark.line_id, step_end)
            assembled = time.perf_counter()
            mark.line_id = step_end
            mark.save(update_fields=["line_id", "updated_at"])
        stages.add(stages.MARK, time.perf_counter() - started - (assembled - assembling))
        if step_end >= upto_id:
            return upto_id


def relink_names() -> None:
    """Link names that were not configured when their rows were built to the Queue and Agent now named so."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE stats_call SET queue_ref_id = (SELECT q.id FROM pbx_queue q WHERE q.name = stats_call.queue) "
            "WHERE queue_ref_id IS NULL AND queue IN (SELECT name FROM pbx_queue)"
        )
        for table in ("stats_call", "stats_callbackturn", "stats_ringnoanswer", "stats_pause"):
            cursor.execute(
                f"UPDATE {table} SET agent_ref_id = "  # noqa: S608
                f"(SELECT a.id FROM agents_agent a WHERE a.member_name = {table}.agent) "
                "WHERE agent_ref_id IS NULL AND agent IN (SELECT member_name FROM agents_agent)"
            )
