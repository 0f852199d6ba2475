"""The SQL that assembles missed rings, pauses and log-in sessions from the stored queue_log lines."""

from __future__ import annotations

MISSED_SQL = """
INSERT INTO stats_ringnoanswer (line_id, server, callid, queue, agent, agent_ref_id, time, ring_ms)
SELECT l.id, l.server, l.callid, l.queue, l.agent,
    (SELECT a.id FROM agents_agent a WHERE a.member_name = l.agent), l.time, l.value
FROM stats_queuelogline l
WHERE l.server || '' = %s AND l.id > %s AND l.id <= %s AND l.verb = 'RINGNOANSWER'
"""


PAUSES_SQL = """
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


SESSIONS_SQL = f"""
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


_PAUSE_VERBS = "'PAUSE', 'UNPAUSE'"


_SESSION_VERBS = "'ADDMEMBER', 'REMOVEMEMBER'"


# The first new line of each kind of interval, in one pass over the new lines (by primary-key range).
FIRST_NEW_SQL = f"""
SELECT MIN(CASE WHEN verb IN ({_PAUSE_VERBS}) THEN time END), MIN(CASE WHEN verb IN ({_SESSION_VERBS}) THEN time END)
FROM stats_queuelogline WHERE server || '' = %s AND id > %s AND id <= %s AND verb IN ({_PAUSE_VERBS}, {_SESSION_VERBS})
"""  # noqa: S608
