"""Set-based assembly of calls, callback turns, missed rings, sessions and pauses from the stored queue_log lines.

Each function rebuilds only what a range of newly stored lines touches (the lines of one server with
``since_id < id <= upto_id``), in plain SQL that runs the same on PostgreSQL and SQLite. The range
starts at the server's AssemblyMark, which moves in the same transaction as the rebuilt rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import connection, transaction

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
    FROM stats_queuelogline l
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
# Each EXISTS is a look-up of one callid in the (server, callid, id) index, provided the statistics know
# the server (refresh_statistics): otherwise the planner expects one line of it and reads all of them,
# through another index, for every batch (quadratic in the lines).
_SPAN_TABLE_SQL = "CREATE TEMP TABLE IF NOT EXISTS stats_call_span (callid varchar(64) NOT NULL)"
_SPAN_SQL = f"""
INSERT INTO stats_call_span (callid)
SELECT n.callid FROM (
    SELECT DISTINCT callid FROM stats_queuelogline
    WHERE server || '' = %s AND id > %s AND id <= %s AND verb IN ({_CALL_VERBS_SQL})
) n
WHERE EXISTS (SELECT 1 FROM stats_queuelogline o WHERE o.server = %s AND o.callid = n.callid AND o.id <= %s)
"""  # noqa: S608
_DELETE_SPANNING_SQL = (
    "DELETE FROM stats_call WHERE server = %s AND callid IN (SELECT callid FROM stats_call_span)"
)
# The held turns of callbacks the batch touches: a CALLBACKHOLD line (always a turn's first line) in the
# batch, found through its partial index, or a callid of the batch whose CALLBACKHOLD came earlier.
# Their lines make CallbackTurn rows, rebuilt from all their lines, and no Call.
_TURN_TABLE_SQL = "CREATE TEMP TABLE IF NOT EXISTS stats_turn_span (callid varchar(64) NOT NULL)"
_TURN_SQL = f"""
INSERT INTO stats_turn_span (callid)
SELECT h.callid FROM stats_queuelogline h
WHERE h.server = %s AND h.verb = '{CALLBACKHOLD}' AND h.id > %s AND h.id <= %s
UNION
SELECT s.callid FROM stats_call_span s
WHERE EXISTS (SELECT 1 FROM stats_queuelogline o WHERE o.server = %s AND o.callid = s.callid
              AND o.verb = '{CALLBACKHOLD}' AND o.id <= %s)
"""  # noqa: S608
_DELETE_TURNS_SQL = (
    "DELETE FROM stats_callbackturn WHERE server = %s AND callid IN (SELECT callid FROM stats_turn_span)"
)
_DELETE_TURN_CALLS_SQL = (
    "DELETE FROM stats_call WHERE server = %s AND callid IN (SELECT callid FROM stats_turn_span)"
)
_TURNS_SQL = f"""
INSERT INTO stats_callbackturn (server, callid, queue, request_callid, entered_at, connected_at, ended_at,
    outcome, wait_s, talk_s, agent, agent_ref_id)
SELECT g.server, g.callid, g.queue, g.request_callid, g.entered_at, g.connected_at, g.ended_at, g.outcome,
    g.wait_s, g.talk_s, g.agent, (SELECT a.id FROM agents_agent a WHERE a.member_name = g.agent)
FROM ({_GROUPED_SQL.format(lines="l.server = %s AND l.callid IN (SELECT callid FROM stats_turn_span) AND l.id <= %s")}) g
"""  # noqa: S608
_NOT_A_TURN = "l.callid NOT IN (SELECT callid FROM stats_turn_span)"
_SPANNING_CALLS_SQL = _CALLS_SQL.format(
    lines=f"l.server = %s AND l.callid IN (SELECT callid FROM stats_call_span) AND l.id <= %s AND {_NOT_A_TURN}"  # noqa: S608
)
# Every other callid of the batch is new: its call is built from the batch's lines alone, in one pass
# over them, without looking anything up in the (large) table of earlier lines.
_NEW_CALLS_SQL = _CALLS_SQL.format(
    lines=f"l.server || '' = %s AND l.id > %s AND l.id <= %s AND {_NOT_A_TURN}"  # noqa: S608
    " AND l.callid NOT IN (SELECT callid FROM stats_call_span)"
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


def _interval_horizon(
    table: str, verbs: str, start_col: str, server: str, since_id: int, upto_id: int
) -> datetime | None:
    """The earliest time from which the intervals of ``table`` must be rebuilt, or None if untouched.

    That is the first new line of the member verbs, moved back to the start of any interval still open
    (or ending) at that time, so every interval the new lines can change is deleted and rebuilt whole.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MIN(time) FROM stats_queuelogline WHERE server || '' = %s AND id > %s AND id <= %s "  # noqa: S608
            f"AND verb IN ({verbs})",
            [server, since_id, upto_id],
        )
        first_new = cursor.fetchone()[0]
        if first_new is None:
            return None
        cursor.execute(
            f"SELECT MIN({start_col}) FROM {table} WHERE server = %s AND (ended_at IS NULL OR ended_at >= %s)",  # noqa: S608
            [server, first_new],
        )
        open_start = cursor.fetchone()[0]
    # On SQLite both are the stored sortable UTC text; on PostgreSQL datetimes. Either compares correctly.
    earliest: Any = first_new if open_start is None or first_new <= open_start else open_start
    return earliest


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
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Room to sort a batch's lines in memory instead of spilling to disk (this transaction only).
            cursor.execute("SET LOCAL work_mem = '256MB'")
            if int(getattr(connection, "pg_version", 0)) >= 140000:
                # A killed loader's statement is aborted within a second, not run to its end.
                cursor.execute("SET LOCAL client_connection_check_interval = 1000")
        cursor.execute(_SPAN_TABLE_SQL)
        cursor.execute("DELETE FROM stats_call_span")
        cursor.execute(_SPAN_SQL, [server, since_id, upto_id, server, since_id])
        cursor.execute(_DELETE_SPANNING_SQL, [server])
        cursor.execute(_TURN_TABLE_SQL)
        cursor.execute("DELETE FROM stats_turn_span")
        cursor.execute(_TURN_SQL, [server, since_id, upto_id, server, upto_id])
        cursor.execute(_DELETE_TURNS_SQL, [server])
        cursor.execute(_DELETE_TURN_CALLS_SQL, [server])
        cursor.execute(_TURNS_SQL, [server, upto_id])
        cursor.execute(_SPANNING_CALLS_SQL, [server, upto_id])
        cursor.execute(_NEW_CALLS_SQL, [server, since_id, upto_id])
        cursor.execute(_MISSED_SQL, [server, since_id, upto_id])
    for table, verbs, insert_sql in (
        ("stats_pause", "'PAUSE', 'UNPAUSE'", _PAUSES_SQL),
        ("stats_agentsession", "'ADDMEMBER', 'REMOVEMEMBER'", _SESSIONS_SQL),
    ):
        horizon = _interval_horizon(table, verbs, "started_at", server, since_id, upto_id)
        if horizon is None:
            continue
        with connection.cursor() as cursor:
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


def refresh_statistics(server: str) -> list[str]:
    """ANALYZE the statistics tables whose statistics do not know ``server``; returns their names.

    That is a database whose tables were analysed before this server had lines: one reused after a
    purge, or a new server next to others. Call it once the server has lines stored. On PostgreSQL only.
    """
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(_STALE_STATISTICS_SQL, [list(_SERVER_TABLES), server])
        stale = sorted(row[0] for row in cursor.fetchall())
        for table in stale:
            cursor.execute(f"ANALYZE {table}")
    return stale


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
            assemble(server, mark.line_id, step_end)
            mark.line_id = step_end
            mark.save(update_fields=["line_id", "updated_at"])
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
