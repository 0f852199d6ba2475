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
KNOWN_VERBS = CALL_VERBS | MEMBER_VERBS | SYSTEM_VERBS | {SURVEY, RECORDING}

MAX_NAME = 128
MAX_CALLID = 64
MAX_INFO = 255
MAX_VERB = 32
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
    if len(info) > MAX_INFO:
        raise MalformedLine("data field too long")
    return ParsedLine(epoch, callid, queue, agent, verb, "|".join(data), wait_s, talk_s, value, info)
