"""Callback requests: the caller's request, the held turn that keeps their place, and the reports on them.

The lines are those Asterisk 22 writes for dialplans/callback.conf: the caller presses the callback key
(EXITWITHKEY key|position|original position|wait), cc-callback writes CALLBACKREQUEST number|position,
and the Local channel that re-enters the queue writes CALLBACKHOLD <callid of the request> before its
ENTERQUEUE, which has no caller ID. T0 is 2026-11-23 09:00:00 UTC.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings

from callcenter.stats import actions, reports
from callcenter.stats.loader import load_file
from callcenter.stats.models import (
    AssemblyMark,
    Call,
    CallbackTurn,
    LoaderPosition,
    QueueLogLine,
)
from callcenter.stats.parser import MalformedLine, parse_line
from callcenter.stats.reports import ReportFilter
from tests.stats.conftest import T0
from tests.stats.parse_parity import stored_beside_parsed

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 23)
T = T0 + 5000
REQUEST_ID = f"{T}.41"
TURN_ID = f"{T + 47}.45"
# The caller (caller ID 79161110000) waits 35 s, presses *, and asks to be called back on 79035550000.
REQUEST = [
    f"{T}|{REQUEST_ID}|support|NONE|ENTERQUEUE||79161110000|1",
    f"{T + 35}|{REQUEST_ID}|support|NONE|EXITWITHKEY|*|1|1|35",
    f"{T + 47}|{REQUEST_ID}|support|NONE|CALLBACKREQUEST|79035550000|1",
    f"{T + 47}|{TURN_ID}|support|NONE|CALLBACKHOLD|{REQUEST_ID}",
    f"{T + 47}|{TURN_ID}|support|NONE|ENTERQUEUE|||1",
]
# Agent 1001 answers the held turn after 63 s; the call, customer ringing included, lasts 90 s.
ANSWER = [
    f"{T + 110}|{TURN_ID}|support|Agent 1001|CONNECT|63|{T + 110}.48|4",
    f"{T + 200}|{TURN_ID}|support|Agent 1001|COMPLETEAGENT|63|90|1",
]
# An ordinary answered call in the same queue: waited 10 s, talked 30 s.
ORDINARY = [
    f"{T + 300}|{T + 300}.51|support|NONE|ENTERQUEUE||79160000001|1",
    f"{T + 310}|{T + 300}.51|support|Agent 1001|CONNECT|10|{T + 310}.52|2",
    f"{T + 340}|{T + 300}.51|support|Agent 1001|COMPLETECALLER|10|30|1",
]


def _day() -> ReportFilter:
    return ReportFilter(DAY, DAY, "UTC")


def test_the_request_is_tracked_with_number_queue_and_time(write_log: Callable[..., Path]) -> None:
    load_file(write_log(REQUEST), "pbx1")
    call = Call.objects.get(callid=REQUEST_ID)
    assert (call.queue, call.caller, call.outcome, call.callback_number) == (
        "support", "79161110000", Call.Outcome.CALLBACK, "79035550000",
    )  # fmt: skip
    assert call.callback_requested_at == datetime.fromtimestamp(T + 47, tz=UTC)
    assert (call.wait_s, call.exit_key, call.connected_at) == (35, "*", None)


def test_the_held_turn_is_linked_to_the_request_and_is_no_call(write_log: Callable[..., Path]) -> None:
    load_file(write_log(REQUEST + ANSWER), "pbx1")
    assert not Call.objects.filter(callid=TURN_ID).exists()
    turn = CallbackTurn.objects.get()
    assert (turn.callid, turn.queue, turn.request_callid, turn.agent) == (
        TURN_ID, "support", REQUEST_ID, "Agent 1001",
    )  # fmt: skip
    assert (turn.outcome, turn.wait_s, turn.talk_s) == (Call.Outcome.ANSWERED, 63, 90)
    assert turn.connected_at == datetime.fromtimestamp(T + 110, tz=UTC)


def test_the_held_turn_does_not_count_as_an_answered_call(write_log: Callable[..., Path]) -> None:
    load_file(write_log(REQUEST + ANSWER + ORDINARY), "pbx1")
    summary = reports.queue_summary(_day())["support"]
    # Offered: the request and the ordinary call; only the ordinary call is answered (talk 30 s).
    assert (summary["offered"], summary["answered"], summary["exitkey"]) == (2, 1, 0)
    assert (summary["callbacks"], summary["callbacks_answered"]) == (1, 1)
    assert (summary["avg_talk_s"], summary["avg_wait_answered_s"]) == (30.0, 10.0)
    agent = reports.agent_summary(_day())["Agent 1001"]
    assert (agent["answered"], agent["talk_s"], agent["avg_talk_s"]) == (1, 30, 30.0)
    assert (agent["callbacks"], agent["callback_talk_s"]) == (1, 90)
    unanswered = reports.call_list(_day(), answered=False)
    assert [(c.callid, c.outcome) for c in unanswered] == [(REQUEST_ID, Call.Outcome.CALLBACK)]


def test_a_request_not_yet_called_back_is_not_counted_answered(write_log: Callable[..., Path]) -> None:
    load_file(write_log(REQUEST), "pbx1")
    summary = reports.queue_summary(_day())["support"]
    assert (summary["offered"], summary["answered"], summary["callbacks"], summary["callbacks_answered"]) == (
        1, 0, 1, 0,
    )  # fmt: skip


def test_the_callback_list_shows_the_request_until_an_agent_answers_it(
    write_log: Callable[..., Path],
) -> None:
    path = write_log(REQUEST)
    actions.load_queue_log(str(path), "pbx1")
    entries = reports.callback_list(_day())
    assert [(e["number"], e["caller"], e["attempts"], e["queue"], e["max_wait_s"]) for e in entries] == [
        ("+79035550000", "79161110000", 1, "support", 35)
    ]
    assert entries[0]["requested_at"] == datetime.fromtimestamp(T + 47, tz=UTC)
    write_log(ANSWER, append=True)
    actions.load_queue_log(str(path), "pbx1")
    assert reports.callback_list(_day()) == []
    [closed] = reports.callbacks_closed(_day())
    # The agent answered the held turn at T + 110: 63 s after the request.
    assert (closed["outcome"], closed["closed_agent"], closed["time_to_callback_s"]) == (
        "called_back", "Agent 1001", 63,
    )  # fmt: skip


def test_an_unanswered_held_turn_leaves_the_request_on_the_list(write_log: Callable[..., Path]) -> None:
    # The held turn waits two hours and times out (Queue() timeout 7200 s): nobody called back.
    timeout = [f"{T + 7247}|{TURN_ID}|support|NONE|EXITWITHTIMEOUT|1|1|7200"]
    actions.load_queue_log(str(write_log(REQUEST + timeout)), "pbx1")
    assert [e["number"] for e in reports.callback_list(_day())] == ["+79035550000"]
    assert reports.queue_summary(_day())["support"]["callbacks_answered"] == 0


Row = tuple[str, str, str, int | None]


def _state() -> tuple[list[Row], list[Row]]:
    calls = list(
        Call.objects.order_by("callid").values_list("callid", "outcome", "callback_number", "wait_s")
    )
    turns = list(
        CallbackTurn.objects.order_by("callid").values_list("callid", "request_callid", "outcome", "talk_s")
    )
    return calls, turns


def test_loading_twice_adds_nothing(write_log: Callable[..., Path], tmp_path: Path) -> None:
    path = write_log(REQUEST + ANSWER + ORDINARY)
    load_file(path, "pbx1")
    before = _state()
    lines = QueueLogLine.objects.count()
    load_file(path, "pbx1")
    copy = tmp_path / "queue_log.copy"
    shutil.copyfile(path, copy)
    result = load_file(copy, "pbx1")
    assert (result.loaded, result.duplicates) == (0, len(REQUEST + ANSWER + ORDINARY))
    assert QueueLogLine.objects.count() == lines
    assert _state() == before
    assert (len(before[0]), len(before[1])) == (2, 1)


def test_a_request_and_its_turn_cut_by_batches_are_assembled_the_same(
    write_log: Callable[..., Path],
) -> None:
    load_file(write_log(REQUEST + ANSWER + ORDINARY), "pbx1", batch_lines=2)
    whole = _state()
    Call.objects.all().delete()
    CallbackTurn.objects.all().delete()
    QueueLogLine.objects.all().delete()
    AssemblyMark.objects.all().delete()
    LoaderPosition.objects.all().delete()
    load_file(write_log(REQUEST + ANSWER + ORDINARY, name="other"), "pbx1")
    assert _state() == whole


CALLBACK_LINES = [
    f"{T}|{REQUEST_ID}|support|NONE|CALLBACKREQUEST|79035550000|1",
    f"{T}|{REQUEST_ID}|support|NONE|CALLBACKREQUEST|+79035550000|0",
    f"{T}|{TURN_ID}|support|NONE|CALLBACKHOLD|{REQUEST_ID}",
    f"{T}|{TURN_ID}|support|NONE|CALLBACKHOLD|pbx-a-{REQUEST_ID}",
    f"{T}|{REQUEST_ID}|support|NONE|CALLBACKREQUEST|79035550000",
    f"{T}|{REQUEST_ID}|support|NONE|CALLBACKREQUEST||1",
    f"{T}|{REQUEST_ID}|support|NONE|CALLBACKREQUEST|call me|1",
    f"{T}|{REQUEST_ID}|support|NONE|CALLBACKREQUEST|{'7' * 81}|1",
    f"{T}|{REQUEST_ID}|support|NONE|CALLBACKREQUEST|79035550000|first",
    f"{T}|{TURN_ID}|support|NONE|CALLBACKHOLD|",
    f"{T}|{TURN_ID}|support|NONE|CALLBACKHOLD",
    f"{T}|{TURN_ID}|support|NONE|CALLBACKHOLD|{'1' * 65}",
]


def test_callback_lines_are_stored_or_refused_exactly_as_parse_line_says(
    write_log: Callable[..., Path],
) -> None:
    result = load_file(write_log(CALLBACK_LINES), "pbx1")
    for text, line, expected in stored_beside_parsed(CALLBACK_LINES):
        assert (line.verb, line.data, line.value, line.info) == (
            expected.verb, expected.data, expected.value, expected.info,
        ), text  # fmt: skip
    assert (result.loaded, result.quarantined) == (4, 8)


def test_parse_line_takes_the_number_position_and_original_callid() -> None:
    request = parse_line(f"{T}|{REQUEST_ID}|support|NONE|CALLBACKREQUEST|79035550000|3")
    assert (request.info, request.value) == ("79035550000", 3)
    hold = parse_line(f"{T}|{TURN_ID}|support|NONE|CALLBACKHOLD|{REQUEST_ID}")
    assert hold.info == REQUEST_ID
    with pytest.raises(MalformedLine, match="callback number is not a phone number"):
        parse_line(f"{T}|{REQUEST_ID}|support|NONE|CALLBACKREQUEST|call me|1")


def _queue_log_arguments(context: str, verb: str) -> list[str]:
    dialplan = (Path(settings.BASE_DIR) / "dialplans" / "callback.conf").read_text()
    section = dialplan.split(f"[{context}]", 1)[1].split("\n[", 1)[0]
    match = re.search(rf"QueueLog\(([^)]*,{verb},[^)]*)\)", section)
    assert match is not None, verb
    return match.group(1).split(",")


def test_the_dialplan_writes_the_lines_the_statistics_read() -> None:
    # QueueLog(queue,uniqueid,agent,event,info) writes <epoch>|<uniqueid>|<queue>|<agent>|<event>|<info>.
    request = _queue_log_arguments("cc-callback", "CALLBACKREQUEST")
    assert request == ["${ARG1}", "${UNIQUEID}", "NONE", "CALLBACKREQUEST", "${CC_CB_NUMBER}|${CC_POS}"]
    values = {"${ARG1}": "support", "${UNIQUEID}": REQUEST_ID, "${CC_CB_NUMBER}|${CC_POS}": "79035550000|2"}
    queue, callid, agent, verb, info = (values.get(argument, argument) for argument in request)
    parsed = parse_line(f"{T}|{callid}|{queue}|{agent}|{verb}|{info}")
    assert (parsed.callid, parsed.queue, parsed.info, parsed.value) == (
        REQUEST_ID,
        "support",
        "79035550000",
        2,
    )

    hold = _queue_log_arguments("cc-callback-hold", "CALLBACKHOLD")
    assert hold == ["${CC_QUEUE}", "${UNIQUEID}", "NONE", "CALLBACKHOLD", "${CC_OF}"]
    values = {"${CC_QUEUE}": "support", "${UNIQUEID}": TURN_ID, "${CC_OF}": REQUEST_ID}
    queue, callid, agent, verb, info = (values.get(argument, argument) for argument in hold)
    parsed = parse_line(f"{T}|{callid}|{queue}|{agent}|{verb}|{info}")
    assert (parsed.callid, parsed.queue, parsed.info) == (TURN_ID, "support", REQUEST_ID)


def test_the_dialplan_passes_the_request_callid_to_the_held_turn() -> None:
    dialplan = (Path(settings.BASE_DIR) / "dialplans" / "callback.conf").read_text()
    originate = re.search(r"Originate\(Local/([^@]*)@cc-callback-hold(/n)?,", dialplan)
    assert originate is not None
    assert originate.group(1) == "${CC_POS}-${ARG1}+${UNIQUEID}"
    # Never optimised away: the queue must keep its Local half until the agent hangs up.
    assert originate.group(2) == "/n"
