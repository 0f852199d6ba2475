"""The SQL that assembles calls and the held turns of callbacks from the stored queue_log lines.

Plain SQL that runs the same on PostgreSQL and SQLite, except the look-ups by callid, which are written
for PostgreSQL so that their plan does not depend on the statistics (``statements``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

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


CALL_VERBS_SQL = _sql_list(CALL_VERBS | CUSTOM_CALL_VERBS)


_TRANSFERS = "'BLINDTRANSFER', 'ATTENDEDTRANSFER'"


_LEAVES = "'ABANDON', 'EXITWITHTIMEOUT', 'EXITEMPTY', 'EXITWITHKEY'"


_ENDS = "'COMPLETECALLER', 'COMPLETEAGENT', 'BLINDTRANSFER', 'ATTENDEDTRANSFER', " + _LEAVES


def _has(verbs: str) -> str:
    return f"SUM(CASE WHEN l.verb IN ({verbs}) THEN 1 ELSE 0 END) > 0"


# The lines of one (server, callid, queue) grouped into the figures of a queue entry; ``{lines}`` selects
# the lines. Used for calls and for the held turns of callbacks alike.
GROUPED_SQL = f"""
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
    WHERE l.queue <> 'NONE' AND l.verb IN ({CALL_VERBS_SQL}) AND {{lines}}
    GROUP BY l.server, l.callid, l.queue
    HAVING {_has("'ENTERQUEUE', 'CONNECT', " + _ENDS)}
"""  # noqa: S608


CALLS_SQL = f"""
INSERT INTO stats_call (server, callid, queue, queue_ref_id, caller, entered_at, connected_at, ended_at,
    outcome, wait_s, talk_s, agent, agent_ref_id, transfer_target, ended_by, exit_key, survey_score, recording,
    callback_number, callback_requested_at)
SELECT g.server, g.callid, g.queue, (SELECT q.id FROM pbx_queue q WHERE q.name = g.queue), g.caller,
    g.entered_at, g.connected_at, g.ended_at, g.outcome, g.wait_s, g.talk_s, g.agent,
    (SELECT a.id FROM agents_agent a WHERE a.member_name = g.agent), g.transfer_target, g.ended_by,
    g.exit_key, g.survey_score, g.recording, g.callback_number, g.callback_requested_at
FROM ({GROUPED_SQL}) g
"""  # noqa: S608


# Calls whose callid already had lines before this batch (a call cut by the batch boundary, a survey
# after its call, a file loaded twice from another copy): these are rebuilt from all their lines.
SPAN_TABLE_SQL = "CREATE TEMP TABLE IF NOT EXISTS stats_call_span (callid varchar(64) NOT NULL)"


TURN_TABLE_SQL = "CREATE TEMP TABLE IF NOT EXISTS stats_turn_span (callid varchar(64) NOT NULL)"


@dataclass(frozen=True)
class Statements:
    """The assembly statements that look callids up, as written for one database vendor."""

    span: str
    turn: str
    turns: str
    spanning_calls: str
    new_calls: str


@cache
def statements(vendor: str) -> Statements:
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
        """The lines up to an id of the server's callids in ``table``, as the ``l`` of GROUPED_SQL."""
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
    return Statements(
        span=f"""
INSERT INTO stats_call_span (callid)
SELECT n.callid FROM (
    SELECT DISTINCT callid FROM stats_queuelogline
    WHERE server || '' = %s AND id > %s AND id <= %s AND verb IN ({CALL_VERBS_SQL})
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
FROM ({GROUPED_SQL.format(source=lines_of("stats_turn_span"), lines=lines_where("stats_turn_span"))}) g
""",  # noqa: S608
        spanning_calls=CALLS_SQL.format(
            source=lines_of("stats_call_span"), lines=f"{lines_where('stats_call_span')} AND {not_a_turn}"
        ),
        # Every other callid of the batch is new: its call is built from the batch's lines alone, in one
        # pass over them, without looking anything up in the (large) table of earlier lines.
        new_calls=CALLS_SQL.format(
            source="stats_queuelogline l",
            lines=f"l.server || '' = %s AND l.id > %s AND l.id <= %s AND {not_a_turn}"  # noqa: S608
            " AND l.callid NOT IN (SELECT callid FROM stats_call_span)",
        ),
    )


# The ids of the server's rows of a table (calls or turns) with the callids of a temporary table.
IDS_BY_CALLID_SQL = (
    "SELECT r.id FROM (SELECT DISTINCT callid FROM {span_table}) s CROSS JOIN LATERAL "
    "(SELECT id FROM {table} r WHERE r.server = %s AND r.callid = s.callid OFFSET 0) r"
)
