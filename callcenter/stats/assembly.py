"""Set-based assembly of calls, callback turns, missed rings, sessions and pauses from the stored queue_log lines.

Each function rebuilds only what a range of newly stored lines touches (the lines of one server with
``since_id < id <= upto_id``), in plain SQL that runs the same on PostgreSQL and SQLite, except the
look-ups by callid, which are written for PostgreSQL so that their plan does not depend on the
statistics (_statements). The range starts at the server's AssemblyMark, which moves in the same
transaction as the rebuilt rows.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from callcenter.stats import stages
from callcenter.stats.models import AssemblyMark, QueueLogLine
from callcenter.stats.parser import (
    CALL_VERBS,
    CALLBACKHOLD,
    CALLBACKREQUEST,
    CUSTOM_CALL_VERBS,
    RECORDING,
    SURVEY,
)


def _sql_list(values: Iterable[str]) -> str:
    return ", ".join(f"'{value}'" for value in sorted(values))


_CALL_VERBS_SQL = _sql_list(CALL_VERBS | CUSTOM_CALL_VERBS)
_TRANSFERS = "'BLINDTRANSFER', 'ATTENDEDTRANSFER'"
_LEAVES = "'ABANDON', 'EXITWITHTIMEOUT', 'EXITEMPTY', 'EXITWITHKEY'"
_ENDS = "'COMPLETECALLER', 'COMPLETEAGENT', 'BLINDTRANSFER', 'ATTENDEDTRANSFER', " + _LEAVES


def _has(verbs: str) -> str:
    return f"SUM(CASE WHEN l.verb IN ({verbs}) THEN 1 ELSE 0 END) > 0"


# The lines of one (server, callid, queue) grouped into the figures of a queue entry; ``{lines}`` selects
# the lines. Used for calls and for the held turns of callbacks alike.
_GROUPED_SQL = f"""
    SELECT l.server AS server, l.callid AS callid, l.queue AS queue,
        COALESCE(MAX(CASE WHEN l.verb = 'ENTERQUEUE' THEN l.info END), '') AS caller,
        COALESCE(MIN(CASE WHEN l.verb = 'ENTERQUEUE' THEN l.time END), MIN(l.time)) AS entered_at,
        MIN(CASE WHEN l.verb = 'CONNECT' THEN l.time END) AS connected_at,
        MAX(CASE WHEN l.verb IN ({_ENDS}) THEN l.time END) AS ended_at,
        CASE
            WHEN {_has(_TRANSFERS)} THEN 'transferred'
            WHEN {_has("'CONNECT', 'COMPLETECALLER', 'COMPLETEAGENT'")} THEN 'answered'
            WHEN {_has(f"'{CALLBACKREQUEST}'")} THEN 'callback'
            WHEN {_has("'ABANDON'")} THEN 'abandoned'
            WHEN {_has("'EXITWITHTIMEOUT'")} THEN 'timeout'
            WHEN {_has("'EXITEMPTY'")} THEN 'exitempty'
            WHEN {_has("'EXITWITHKEY'")} THEN 'exitkey'
            ELSE ''
        END AS outcome,
        COALESCE(MAX(CASE WHEN l.verb = 'CONNECT' THEN l.wait_s END),
                 MAX(CASE WHEN l.verb IN ('COMPLETECALLER', 'COMPLETEAGENT', {_TRANSFERS}) THEN l.wait_s END),
                 MAX(CASE WHEN l.verb IN ({_LEAVES}) THEN l.wait_s END)) AS wait_s,
        MAX(CASE WHEN l.verb IN ('COMPLETECALLER', 'COMPLETEAGENT', {_TRANSFERS}) THEN l.talk_s END) AS talk_s,
        COALESCE(MAX(CASE WHEN l.verb IN ('CONNECT', 'COMPLETECALLER', 'COMPLETEAGENT', {_TRANSFERS})
                          THEN l.agent END), '') AS agent,
        COALESCE(MAX(CASE WHEN l.verb IN ({_TRANSFERS}) THEN l.info END), '') AS transfer_target,
        CASE
            WHEN {_has(_TRANSFERS)} THEN 'transfer'
            WHEN {_has("'COMPLETEAGENT'")} THEN 'agent'
            WHEN {_has("'COMPLETECALLER'")} THEN 'caller'
            ELSE ''
        END AS ended_by,
        COALESCE(MAX(CASE WHEN l.verb = 'EXITWITHKEY' THEN l.info END), '') AS exit_key,
        MAX(CASE WHEN l.verb = '{SURVEY}' THEN l.value END) AS survey_score,
        COALESCE(MAX(CASE WHEN l.verb = '{RECORDING}' THEN l.info END), '') AS recording,
        COALESCE(MAX(CASE WHEN l.verb = '{CALLBACKREQUEST}' THEN l.info END), '') AS callback_number,
        MAX(CASE WHEN l.verb = '{CALLBACKREQUEST}' THEN l.time END) AS callback_requested_at,
        COALESCE(MAX(CASE WHEN l.verb = '{CALLBACKHOLD}' THEN l.info END), '') AS request_callid
    FROM {{source}}
    WHERE l.queue <> 'NONE' AND l.verb IN ({_CALL_VERBS_SQL}) AND {{lines}}
    GROUP BY l.server, l.callid, l.queue
    HAVING {_has("'ENTERQUEUE', 'CONNECT', " + _ENDS)}
"""  # noqa: S608

_CALLS_SQL = f"""
INSERT INTO stats_call (server, callid, queue, queue_ref_id, caller, entered_at, connected_at, ended_at,
    outcome, wait_s, talk_s, agent, agent_ref_id, transfer_target, ended_by, exit_key, survey_score, recording,
    callback_number, callback_requested_at)
SELECT g.server, g.callid, g.queue, (SELECT q.id FROM pbx_queue q WHERE q.name = g.queue), g.caller,
    g.entered_at, g.connected_at, g.ended_at, g.outcome, g.wait_s, g.talk_s, g.agent,
    (SELECT a.id FROM agents_agent a WHERE a.member_name = g.agent), g.transfer_target, g.ended_by,
    g.exit_key, g.survey_score, g.recording, g.callback_number, g.callback_requested_at
FROM ({_GROUPED_SQL}) g
"""  # noqa: S608

# Calls whose callid already had lines before this batch (a call cut by the batch boundary, a survey
# after its call, a file loaded twice from another copy): these are rebuilt from all their lines.
_SPAN_TABLE_SQL = "CREATE TEMP TABLE IF NOT EXISTS stats_call_span (callid varchar(64) NOT NULL)"
_TURN_TABLE_SQL = "CREATE TEMP TABLE IF NOT EXISTS stats_turn_span (callid varchar(64) NOT NULL)"


@dataclass(frozen=True)
class _Statements:
    """The assembly statements that look callids up, as written for one database vendor."""

    span: str
    turn: str
    turns: str
    spanning_calls: str
    new_calls: str


@cache
def _statements(vendor: str) -> _Statements:
    """The look-ups by callid, written so that their plan cannot depend on the statistics (PostgreSQL).

    Every look-up of the callids of a batch (found, or kept in a temporary table) must be one probe of
    the (server, callid, id) index per callid. Left to the planner, a join with the temporary table
    (which has no statistics) or a semi-join whose statistics do not describe the server's lines (a
    table analysed when it was smaller, empty or held other servers) becomes a read of every line of
    the server for every batch: quadratic in the lines (a 10 M-line load spent 270 of its 394 s there).
    On PostgreSQL an ``OFFSET 0`` keeps an EXISTS a per-row sub-plan and a LATERAL sub-query a scan per
    callid of the temporary table; SQLite plans the plain forms as look-ups by itself.
    """
    postgresql = vendor == "postgresql"
    fence = " OFFSET 0" if postgresql else ""

    def lines_of(table: str) -> str:
        """The lines up to an id of the server's callids in ``table``, as the ``l`` of _GROUPED_SQL."""
        if postgresql:
            return (
                f"(SELECT DISTINCT callid FROM {table}) s CROSS JOIN LATERAL (SELECT * FROM stats_queuelogline o "  # noqa: S608
                "WHERE o.server = %s AND o.callid = s.callid AND o.id <= %s OFFSET 0) l"
            )
        return "stats_queuelogline l"

    def lines_where(table: str) -> str:
        if postgresql:
            return "TRUE"
        return f"l.server = %s AND l.callid IN (SELECT callid FROM {table}) AND l.id <= %s"  # noqa: S608

    not_a_turn = "l.callid NOT IN (SELECT callid FROM stats_turn_span)"
    return _Statements(
        span=f"""
INSERT INTO stats_call_span (callid)
SELECT n.callid FROM (
    SELECT DISTINCT callid FROM stats_queuelogline
    WHERE server || '' = %s AND id > %s AND id <= %s AND verb IN ({_CALL_VERBS_SQL})
) n
WHERE EXISTS (SELECT 1 FROM stats_queuelogline o WHERE o.server = %s AND o.callid = n.callid AND o.id <= %s{fence})
""",  # noqa: S608
        # The held turns of callbacks the batch touches: a CALLBACKHOLD line (always a turn's first line)
        # in the batch, found through its partial index, or a callid of the batch whose CALLBACKHOLD came
        # earlier. Their lines make CallbackTurn rows, rebuilt from all their lines, and no Call.
        turn=f"""
INSERT INTO stats_turn_span (callid)
SELECT h.callid FROM stats_queuelogline h
WHERE h.server = %s AND h.verb = '{CALLBACKHOLD}' AND h.id > %s AND h.id <= %s
UNION
SELECT s.callid FROM stats_call_span s
WHERE EXISTS (SELECT 1 FROM stats_queuelogline o WHERE o.server = %s AND o.callid = s.callid
              AND o.verb = '{CALLBACKHOLD}' AND o.id <= %s{fence})
""",  # noqa: S608
        turns=f"""
INSERT INTO stats_callbackturn (server, callid, queue, request_callid, entered_at, connected_at, ended_at,
    outcome, wait_s, talk_s, agent, agent_ref_id)
SELECT g.server, g.callid, g.queue, g.request_callid, g.entered_at, g.connected_at, g.ended_at, g.outcome,
    g.wait_s, g.talk_s, g.agent, (SELECT a.id FROM agents_agent a WHERE a.member_name = g.agent)
FROM ({_GROUPED_SQL.format(source=lines_of("stats_turn_span"), lines=lines_where("stats_turn_span"))}) g
""",  # noqa: S608
        spanning_calls=_CALLS_SQL.format(
            source=lines_of("stats_call_span"), lines=f"{lines_where('stats_call_span')} AND {not_a_turn}"
        ),
        # Every other callid of the batch is new: its call is built from the batch's lines alone, in one
        # pass over them, without looking anything up in the (large) table of earlier lines.
        new_calls=_CALLS_SQL.format(
            source="stats_queuelogline l",
            lines=f"l.server || '' = %s AND l.id > %s AND l.id <= %s AND {not_a_turn}"  # noqa: S608
            " AND l.callid NOT IN (SELECT callid FROM stats_call_span)",
        ),
    )


_MISSED_SQL = """
INSERT INTO stats_ringnoanswer (line_id, server, callid, queue, agent, agent_ref_id, time, ring_ms)
SELECT l.id, l.server, l.callid, l.queue, l.agent,
    (SELECT a.id FROM agents_agent a WHERE a.member_name = l.agent), l.time, l.value
FROM stats_queuelogline l
WHERE l.server || '' = %s AND l.id > %s AND l.id <= %s AND l.verb = 'RINGNOANSWER'
"""

_PAUSES_SQL = """
INSERT INTO stats_pause (server, queue, agent, agent_ref_id, reason, paid, started_at, ended_at)
SELECT s.server, s.queue, s.agent, (SELECT a.id FROM agents_agent a WHERE a.member_name = s.agent), s.info,
    COALESCE((SELECT r.paid FROM agents_pausereason r WHERE r.code = s.info), FALSE), s.time, s.next_time
FROM (
    SELECT l.server, l.queue, l.agent, l.verb, l.info, l.time,
        LEAD(l.time) OVER (PARTITION BY l.queue, l.agent ORDER BY l.time, l.id) AS next_time
    FROM stats_queuelogline l
    WHERE l.server = %s AND l.verb IN ('PAUSE', 'UNPAUSE') AND l.time >= %s AND l.id <= %s
) s
WHERE s.verb = 'PAUSE'
"""

# A member is named by interface in ADDMEMBER/REMOVEMEMBER; an agent's interface is its own, or
# PJSIP/<extension> when none is set (Agent.effective_interface).
_AGENT_BY_INTERFACE = (
    "(SELECT {col} FROM agents_agent a WHERE a.interface = s.agent "
    "OR (a.interface = '' AND 'PJSIP/' || a.extension = s.agent) ORDER BY a.id LIMIT 1)"
)

_SESSIONS_SQL = f"""
INSERT INTO stats_agentsession (server, queue, interface, agent, agent_ref_id, started_at, ended_at)
SELECT s.server, s.queue, s.agent, COALESCE({_AGENT_BY_INTERFACE.format(col="a.member_name")}, s.agent),
    {_AGENT_BY_INTERFACE.format(col="a.id")}, s.time, s.next_time
FROM (
    SELECT l.server, l.queue, l.agent, l.verb, l.time,
        LEAD(l.time) OVER (PARTITION BY l.queue, l.agent ORDER BY l.time, l.id) AS next_time
    FROM stats_queuelogline l
    WHERE l.server = %s AND l.verb IN ('ADDMEMBER', 'REMOVEMEMBER') AND l.time >= %s AND l.id <= %s
) s
WHERE s.verb = 'ADDMEMBER'
"""  # noqa: S608


# The ids of the server's rows of a table (calls or turns) with the callids of a temporary table.
_IDS_BY_CALLID_SQL = (
    "SELECT r.id FROM (SELECT DISTINCT callid FROM {span_table}) s CROSS JOIN LATERAL "
    "(SELECT id FROM {table} r WHERE r.server = %s AND r.callid = s.callid OFFSET 0) r"
)


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
    cursor.execute(_IDS_BY_CALLID_SQL.format(table=table, span_table=span_table), [server])
    ids = [row[0] for row in cursor.fetchall()]
    if ids:
        cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [ids])  # noqa: S608


_PAUSE_VERBS = "'PAUSE', 'UNPAUSE'"
_SESSION_VERBS = "'ADDMEMBER', 'REMOVEMEMBER'"
# The first new line of each kind of interval, in one pass over the new lines (by primary-key range).
_FIRST_NEW_SQL = f"""
SELECT MIN(CASE WHEN verb IN ({_PAUSE_VERBS}) THEN time END), MIN(CASE WHEN verb IN ({_SESSION_VERBS}) THEN time END)
FROM stats_queuelogline WHERE server || '' = %s AND id > %s AND id <= %s AND verb IN ({_PAUSE_VERBS}, {_SESSION_VERBS})
"""  # noqa: S608


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
    Each look-up by callid is one index probe per callid, whatever the statistics say (_statements).
    """
    sql = _statements(connection.vendor)
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
            cursor.execute(_SPAN_TABLE_SQL)
            cursor.execute("DELETE FROM stats_call_span")
            cursor.execute(sql.span, [server, since_id, upto_id, server, since_id])
            spanning = cursor.rowcount
            if spanning:
                _delete_by_callid(cursor, "stats_call", "stats_call_span", server)
            cursor.execute(_TURN_TABLE_SQL)
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
            cursor.execute(_MISSED_SQL, [server, since_id, upto_id])
        with stages.timed(stages.PAUSES):
            cursor.execute(_FIRST_NEW_SQL, [server, since_id, upto_id])
            first_pause, first_session = cursor.fetchone()
    for stage, table, first_new, insert_sql in (
        (stages.PAUSES, "stats_pause", first_pause, _PAUSES_SQL),
        (stages.SESSIONS, "stats_agentsession", first_session, _SESSIONS_SQL),
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
