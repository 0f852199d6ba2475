"""Parse one Asterisk 22 queue_log line into the fields the loader stores.

A line is ``time|callid|queue|agent|verb|data1|data2|...``. The numbers the reports need are taken out
here, per verb, so the call assembly is plain SQL; a line whose numbers are not numbers is refused
(quarantined) instead of being half-understood. Field meanings follow app_queue.c of Asterisk 22.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import NamedTuple

CALL_VERBS = frozenset(
    {
        "ENTERQUEUE",
        "CONNECT",
        "COMPLETECALLER",
        "COMPLETEAGENT",
        "ABANDON",
        "EXITWITHTIMEOUT",
        "EXITEMPTY",
        "EXITWITHKEY",
        "RINGNOANSWER",
        "RINGCANCELED",
        "BLINDTRANSFER",
        "ATTENDEDTRANSFER",
    }
)
MEMBER_VERBS = frozenset(
    {"ADDMEMBER", "REMOVEMEMBER", "PAUSE", "UNPAUSE", "PAUSEALL", "UNPAUSEALL", "PENALTY"}
)
SYSTEM_VERBS = frozenset({"QUEUESTART", "CONFIGRELOAD"})
# Custom verbs the reports read; any other custom verb is stored as written.
SURVEY = "SURVEY"
RECORDING = "RECORDING"
# The callback dialplan (dialplans/callback.conf): the caller's request, on the caller's callid, and the
# held turn's link to it, on the callid of the Local channel that keeps the caller's place.
CALLBACKREQUEST = "CALLBACKREQUEST"
CALLBACKHOLD = "CALLBACKHOLD"
CUSTOM_CALL_VERBS = frozenset({SURVEY, RECORDING, CALLBACKREQUEST, CALLBACKHOLD})
KNOWN_VERBS = CALL_VERBS | MEMBER_VERBS | SYSTEM_VERBS | CUSTOM_CALL_VERBS

MAX_NAME = 128
MAX_CALLID = 64
MAX_INFO = 255
MAX_VERB = 32
MAX_NUMBER = 80
_NUMBER_RE = re.compile(r"^\+?[0-9]+$")
_VERB_RE = re.compile(r"^[A-Za-z0-9_\-]+$")
# Asterisk writes seconds since the epoch; refuse anything before 2000 or past 2100 as corrupt.
_MIN_EPOCH = 946684800
_MAX_EPOCH = 4102444800


class MalformedLine(ValueError):
    """The line cannot be stored as a queue_log row; the message is the quarantine reason."""


class ParsedLine(NamedTuple):
    """The stored fields of one queue_log line (a tuple: the loader makes millions of them)."""

    epoch: int
    callid: str
    queue: str
    agent: str
    verb: str
    data: str
    wait_s: int | None
    talk_s: int | None
    value: int | None
    info: str


def line_hash(raw: bytes) -> uuid.UUID:
    """The line's identity in the natural key: MD5 of its bytes (not a security use)."""
    return uuid.UUID(bytes=hashlib.md5(raw, usedforsecurity=False).digest())


def _int(text: str, what: str) -> int:
    if text.isascii() and text.isdigit() and len(text) < 10:
        return int(text)
    if not (text.isascii() and text.lstrip("-").isdigit()):
        raise MalformedLine(f"{what} is not a number: {text[:20]!r}")
    raise MalformedLine(f"{what} out of range: {int(text)}")


def _field(data: list[str], index: int, what: str, verb: str) -> str:
    if len(data) <= index:
        raise MalformedLine(f"{verb} without {what}")
    return data[index]


def parse_line(text: str) -> ParsedLine:
    """Parse a line (without its newline); raises MalformedLine with the reason."""
    if not text.strip():
        raise MalformedLine("empty line")
    fields = text.split("|")
    if len(fields) < 5:
        raise MalformedLine(f"too few fields ({len(fields)}, need at least 5)")
    time_text, callid, queue, agent, verb = fields[:5]
    data = fields[5:]
    if not (time_text.isascii() and time_text.isdigit()):
        raise MalformedLine(f"timestamp is not a number: {time_text[:20]!r}")
    epoch = int(time_text)
    if not _MIN_EPOCH <= epoch <= _MAX_EPOCH:
        raise MalformedLine(f"timestamp out of range: {epoch}")
    if not verb or len(verb) > MAX_VERB or not _VERB_RE.match(verb):
        raise MalformedLine(f"bad event name: {verb[:40]!r}")
    if not callid or not queue or not agent:
        raise MalformedLine("empty call id, queue or agent field")
    if len(callid) > MAX_CALLID or len(queue) > MAX_NAME or len(agent) > MAX_NAME:
        raise MalformedLine("call id, queue or agent field too long")

    wait_s: int | None = None
    talk_s: int | None = None
    value: int | None = None
    info = ""
    if verb == "ENTERQUEUE":
        info = data[1] if len(data) > 1 else ""
    elif verb == "CONNECT":
        wait_s = _int(_field(data, 0, "hold time", verb), "hold time")
    elif verb in ("COMPLETECALLER", "COMPLETEAGENT"):
        wait_s = _int(_field(data, 0, "hold time", verb), "hold time")
        talk_s = _int(_field(data, 1, "talk time", verb), "talk time")
    elif verb in ("ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY"):
        wait_s = _int(_field(data, 2, "wait time", verb), "wait time")
    elif verb == "EXITWITHKEY":
        info = _field(data, 0, "key", verb)
        wait_s = _int(_field(data, 3, "wait time", verb), "wait time")
    elif verb == "BLINDTRANSFER":
        exten, context = _field(data, 0, "extension", verb), _field(data, 1, "context", verb)
        info = f"{exten}@{context}"
        wait_s = _int(_field(data, 2, "hold time", verb), "hold time")
        talk_s = _int(_field(data, 3, "talk time", verb), "talk time")
    elif verb == "ATTENDEDTRANSFER":
        # BRIDGE|<bridge>|hold|talk|pos, APP|<app>|hold|talk|pos or LINK|<chan1>|<chan2>|hold|talk|pos
        if len(data) < 5:
            raise MalformedLine("ATTENDEDTRANSFER with too few fields")
        info = "|".join(data[:-3])
        wait_s = _int(data[-3], "hold time")
        talk_s = _int(data[-2], "talk time")
    elif verb in ("RINGNOANSWER", "RINGCANCELED"):
        value = _int(_field(data, 0, "ring time", verb), "ring time")
    elif verb in ("PAUSE", "PAUSEALL", "UNPAUSE", "UNPAUSEALL"):
        info = data[0] if data else ""
    elif verb == "PENALTY":
        value = _int(_field(data, 0, "penalty", verb), "penalty")
    elif verb == SURVEY:
        value = _int(_field(data, 0, "score", verb), "survey score")
        if not 1 <= value <= 5:
            raise MalformedLine(f"survey score out of range 1-5: {value}")
    elif verb == RECORDING:
        info = _field(data, 0, "file", verb)
    elif verb == CALLBACKREQUEST:
        info = _field(data, 0, "number", verb)
        if len(info) > MAX_NUMBER or not (info.isascii() and _NUMBER_RE.match(info)):
            raise MalformedLine(f"callback number is not a phone number: {info[:20]!r}")
        value = _int(_field(data, 1, "position", verb), "position")
    elif verb == CALLBACKHOLD:
        info = _field(data, 0, "original call id", verb)
        if not info or len(info) > MAX_CALLID:
            raise MalformedLine("CALLBACKHOLD original call id empty or too long")
    if len(info) > MAX_INFO:
        raise MalformedLine("data field too long")
    return ParsedLine(epoch, callid, queue, agent, verb, "|".join(data), wait_s, talk_s, value, info)


# The same parse, in SQL, for the PostgreSQL loader: a batch of raw lines is COPY'd into a staging table
# and split there, which costs far less than a Python call per line. It is deliberately conservative:
# it accepts only lines that parse_line would accept, giving the same fields; every line it refuses is
# handed to parse_line, which stores it after all or gives the exact quarantine reason. So parse_line
# stays the one definition of a well-formed line, and the SQL is a fast path for the common shapes.
# PostgreSQL's regular expressions are quick unbounded and slow with {m,n}; lengths are checked apart.


def _sql_number(field: str) -> str:
    """``field`` is what _int accepts: ASCII digits, fewer than 10 of them (NULL if the field is missing)."""
    return f"({field} ~ '^[0-9]+$' AND length({field}) < 10)"


def _sql_in(*verbs: str) -> str:
    return "f5 IN (" + ", ".join(f"'{verb}'" for verb in verbs) + ")"


_SQL_INFO = f"""CASE
    WHEN f5 = 'ENTERQUEUE' THEN COALESCE(f7, '')
    WHEN f5 = 'EXITWITHKEY' THEN f6
    WHEN f5 = 'BLINDTRANSFER' THEN f6 || '@' || f7
    WHEN f5 = 'ATTENDEDTRANSFER' THEN array_to_string(f[6:cardinality(f) - 3], '|')
    WHEN {_sql_in("PAUSE", "PAUSEALL", "UNPAUSE", "UNPAUSEALL")} THEN COALESCE(f6, '')
    WHEN f5 = '{RECORDING}' THEN f6
    WHEN {_sql_in(CALLBACKREQUEST, CALLBACKHOLD)} THEN f6
    ELSE '' END"""

# Evaluated in order (CASE), so a cast only ever sees digits. NULL (a missing field) counts as refused.
_SQL_ACCEPTED = f"""CASE
    WHEN cardinality(f) < 5 OR f1 !~ '^[0-9]+$' OR length(f1) > 10 THEN FALSE
    WHEN f1::bigint NOT BETWEEN {_MIN_EPOCH} AND {_MAX_EPOCH} THEN FALSE
    WHEN f2 = '' OR f3 = '' OR f4 = '' THEN FALSE
    WHEN f5 NOT IN ({", ".join(f"'{verb}'" for verb in sorted(KNOWN_VERBS))})
        AND (f5 !~ '^[A-Za-z0-9_-]+$' OR length(f5) > {MAX_VERB}) THEN FALSE
    WHEN char_length(f2) > {MAX_CALLID} OR char_length(f3) > {MAX_NAME}
        OR char_length(f4) > {MAX_NAME} THEN FALSE
    WHEN info IS NULL OR char_length(info) > {MAX_INFO} THEN FALSE
    ELSE COALESCE(CASE
        WHEN f5 = 'CONNECT' THEN {_sql_number("f6")}
        WHEN {_sql_in("COMPLETECALLER", "COMPLETEAGENT")} THEN {_sql_number("f6")} AND {_sql_number("f7")}
        WHEN {_sql_in("ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY")} THEN {_sql_number("f8")}
        WHEN f5 = 'EXITWITHKEY' THEN {_sql_number("f9")}
        WHEN f5 = 'BLINDTRANSFER' THEN {_sql_number("f8")} AND {_sql_number("f9")}
        WHEN f5 = 'ATTENDEDTRANSFER' THEN cardinality(f) >= 10
            AND {_sql_number("f[cardinality(f) - 2]")} AND {_sql_number("f[cardinality(f) - 1]")}
        WHEN {_sql_in("RINGNOANSWER", "RINGCANCELED", "PENALTY")} THEN {_sql_number("f6")}
        WHEN f5 = '{SURVEY}' THEN {_sql_number("f6")} AND f6 ~ '^0*[1-5]$'
        WHEN f5 = '{RECORDING}' THEN cardinality(f) >= 6
        WHEN f5 = '{CALLBACKREQUEST}' THEN f6 ~ '^[+]?[0-9]+$' AND char_length(f6) <= {MAX_NUMBER}
            AND {_sql_number("f7")}
        WHEN f5 = '{CALLBACKHOLD}' THEN f6 <> '' AND char_length(f6) <= {MAX_CALLID}
        ELSE TRUE END, FALSE)
    END"""

_SQL_WAIT = f"""CASE
    WHEN {_sql_in("CONNECT", "COMPLETECALLER", "COMPLETEAGENT")} THEN f6::integer
    WHEN {_sql_in("ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "BLINDTRANSFER")} THEN f8::integer
    WHEN f5 = 'EXITWITHKEY' THEN f9::integer
    WHEN f5 = 'ATTENDEDTRANSFER' THEN f[cardinality(f) - 2]::integer END"""

_SQL_TALK = f"""CASE
    WHEN {_sql_in("COMPLETECALLER", "COMPLETEAGENT")} THEN f7::integer
    WHEN f5 = 'BLINDTRANSFER' THEN f9::integer
    WHEN f5 = 'ATTENDEDTRANSFER' THEN f[cardinality(f) - 1]::integer END"""

_SQL_VALUE = f"""CASE
    WHEN {_sql_in("RINGNOANSWER", "RINGCANCELED", "PENALTY", SURVEY)} THEN f6::integer
    WHEN f5 = '{CALLBACKREQUEST}' THEN f7::integer END"""


def _sql_lines(stage: str) -> str:
    # OFFSET 0 keeps PostgreSQL from inlining these subqueries, which would split each line once per
    # use of ``f`` (and build ``info`` once per use) instead of once. The first nine fields are taken
    # out of the array once (f1 .. f9): an array subscript walks the array from its start each time.
    fields = ", ".join(f"f[{n}] AS f{n}" for n in range(1, 10))
    return f"""(
    SELECT t.*, {_SQL_INFO} AS info
    FROM (
        SELECT a.*, {fields}
        FROM (SELECT file_offset, line_number, line_hash, raw, string_to_array(raw, '|') AS f FROM {stage} OFFSET 0) a
        OFFSET 0
    ) t
    OFFSET 0
) s"""  # noqa: S608


def sql_parsed(stage: str) -> str:
    """The accepted lines of ``stage`` (file_offset, line_number, line_hash, raw) with the stored fields.

    Columns: file_offset, line_hash, time, callid, queue, agent, verb, data, wait_s, talk_s, value, info.
    The typed fields are computed after the WHERE, so their casts only ever see accepted lines.
    """
    return f"""
SELECT s.file_offset, s.line_hash, to_timestamp(f1::bigint) AS time,
    f2 AS callid, f3 AS queue, f4 AS agent, f5 AS verb, array_to_string(f[6:cardinality(f)], '|') AS data,
    {_SQL_WAIT} AS wait_s,
    {_SQL_TALK} AS talk_s,
    {_SQL_VALUE} AS value,
    s.info
FROM {_sql_lines(stage)}
WHERE {_SQL_ACCEPTED}"""  # noqa: S608


def sql_refused(stage: str) -> str:
    """The lines of ``stage`` the SQL parse leaves to parse_line: (file_offset, line_number, raw)."""
    return f"SELECT s.file_offset, s.line_number, s.raw FROM {_sql_lines(stage)} WHERE NOT ({_SQL_ACCEPTED})"  # noqa: S608
