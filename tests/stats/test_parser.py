"""The queue_log line parser: every Asterisk 22 verb's numbers, and the reasons a line is refused."""

from __future__ import annotations

import re

import pytest

from callcenter.stats.parser import MalformedLine, line_hash, parse_line


def test_enterqueue_takes_the_caller_number() -> None:
    parsed = parse_line("1795355838|1795355838.1|support|NONE|ENTERQUEUE||5550001|1")
    assert (parsed.epoch, parsed.callid, parsed.queue, parsed.agent, parsed.verb) == (
        1795355838,
        "1795355838.1",
        "support",
        "NONE",
        "ENTERQUEUE",
    )
    assert parsed.info == "5550001"


def test_connect_and_complete_take_hold_and_talk() -> None:
    assert parse_line("1795355853|1795355848.7|ringtest|Agent 1003|CONNECT|5|1795355853.10|0").wait_s == 5
    complete = parse_line("1795355856|1795355848.7|ringtest|Agent 1003|COMPLETEAGENT|5|3|1")
    assert (complete.wait_s, complete.talk_s) == (5, 3)


@pytest.mark.parametrize(
    ("line", "wait"),
    [
        ("1795355846|1795355843.5|sales|NONE|ABANDON|1|1|3", 3),
        ("1795424460|1.1|support|NONE|EXITWITHTIMEOUT|1|1|60", 60),
        ("1795424460|1.1|support|NONE|EXITEMPTY|2|1|7", 7),
    ],
)
def test_leaving_verbs_take_the_wait_from_the_third_field(line: str, wait: int) -> None:
    assert parse_line(line).wait_s == wait


def test_exitwithkey_takes_key_and_wait() -> None:
    parsed = parse_line("1795424412|1.1|support|NONE|EXITWITHKEY|5|1|1|12")
    assert (parsed.info, parsed.wait_s) == ("5", 12)


def test_transfers_take_target_hold_and_talk() -> None:
    blind = parse_line("1795424500|1.1|support|Agent 1001|BLINDTRANSFER|2000|default|3|40|1")
    assert (blind.info, blind.wait_s, blind.talk_s) == ("2000@default", 3, 40)
    attended = parse_line(
        "1795424500|1.1|support|Agent 1001|ATTENDEDTRANSFER|LINK|Local/a;1|Local/b;2|4|50|1"
    )
    assert (attended.info, attended.wait_s, attended.talk_s) == ("LINK|Local/a;1|Local/b;2", 4, 50)


def test_member_verbs_keep_reason_and_penalty() -> None:
    assert parse_line("1795355859|NONE|NONE|Agent 1002|PAUSEALL|training").info == "training"
    assert parse_line("1795355846|NONE|sales|Agent 1201|UNPAUSE|").info == ""
    assert parse_line("1795355861|NONE|support|Local/1401@agents/n|PENALTY|1").value == 1
    assert (
        parse_line("1795355852|1795355848.7|ringtest|Agent 2001 (no answer)|RINGNOANSWER|4000").value == 4000
    )


def test_custom_verbs_are_kept_as_written() -> None:
    parsed = parse_line("1795355861|manual|support|Local/1401@agents/n|AGENTNOTE|note from control plane")
    assert (parsed.verb, parsed.data) == ("AGENTNOTE", "note from control plane")
    assert parse_line("1795424600|1.1|support|Agent 1001|SURVEY|5").value == 5


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("", "empty line"),
        ("1795355838|1.1|support", "too few fields"),
        ("yesterday|1.1|support|NONE|ENTERQUEUE||1|1", "timestamp is not a number"),
        ("12|1.1|support|NONE|ENTERQUEUE||1|1", "timestamp out of range"),
        ("1795355838|1.1|support|NONE|ENTER QUEUE||1|1", "bad event name"),
        ("1795355838|1.1|support|Agent 1|CONNECT|soon|x|0", "hold time is not a number"),
        ("1795355838|1.1|support|Agent 1|COMPLETECALLER|0", "COMPLETECALLER without talk time"),
        ("1795355838|1.1|support|NONE|SURVEY|9", "survey score out of range"),
        ("1795355838||support|NONE|ABANDON|1|1|3", "empty call id"),
    ],
)
def test_malformed_lines_are_refused_with_a_reason(line: str, reason: str) -> None:
    with pytest.raises(MalformedLine, match=reason):
        parse_line(line)


def test_line_hash_is_stable_and_distinct() -> None:
    assert line_hash(b"a|b") == line_hash(b"a|b")
    assert line_hash(b"a|b") != line_hash(b"a|c")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("1795355838|1.1|support|Agent 1|CONNECT|1234567890|x|0", "hold time out of range: 1234567890"),
        ("1795355838|1.1|support|Agent 1|CONNECT|-5|x|0", "hold time out of range: -5"),
        ("1795355838|1.1|support|NONE|ABANDON|1|1", "ABANDON without wait time"),
        ("1795355838|1.1|support|NONE|EXITWITHKEY|5|1|1", "EXITWITHKEY without wait time"),
        (
            "1795355838|1.1|support|Agent 1|ATTENDEDTRANSFER|LINK|4|50|1",
            "ATTENDEDTRANSFER with too few fields",
        ),
        ("1795355838|1.1|support|Agent 1|RINGNOANSWER|soon", "ring time is not a number"),
        ("1795355838|NONE|support|Agent 1|PENALTY|high", "penalty is not a number"),
        ("1795355838|1.1|support|NONE|RECORDING|/" + "r" * 255, "data field too long"),
        ("9999999999|1.1|support|NONE|ENTERQUEUE||1|1", "timestamp out of range"),
        ("1795355838|1.1|support|NONE|" + "V" * 33, "bad event name"),
        ("1795355838|1.1|support|NONE||x", "bad event name"),
        ("1795355838|1.1|" + "q" * 129 + "|NONE|ENTERQUEUE||1|1", "call id, queue or agent field too long"),
        (
            "1795355838|" + "1" * 65 + "|support|NONE|ENTERQUEUE||1|1",
            "call id, queue or agent field too long",
        ),
        ("1795355838|1.1|support||ENTERQUEUE||1|1", "empty call id, queue or agent field"),
        ("   ", "empty line"),
    ],
    ids=[
        "ten-digit-number",
        "negative-number",
        "abandon-without-wait",
        "exitwithkey-without-wait",
        "attended-transfer-too-short",
        "ring-time",
        "penalty",
        "long-data",
        "timestamp-after-2100",
        "long-verb",
        "empty-verb",
        "long-queue",
        "long-callid",
        "empty-agent",
        "blank-line",
    ],
)
def test_more_malformed_lines_are_refused_with_their_reason(line: str, reason: str) -> None:
    with pytest.raises(MalformedLine, match=re.escape(reason)):
        parse_line(line)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("1795355838|1.1|support|NONE|CALLBACKREQUEST|call me|1", "callback number is not a phone number"),
        (
            "1795355838|1.1|support|NONE|CALLBACKREQUEST|+7" + "9" * 80 + "|1",
            "callback number is not a phone",
        ),
        ("1795355838|1.1|support|NONE|CALLBACKREQUEST|79035550000|first", "position is not a number"),
        ("1795355838|1.1|support|NONE|CALLBACKHOLD|", "CALLBACKHOLD original call id empty or too long"),
        ("1795355838|1.1|support|NONE|CALLBACKHOLD|" + "1" * 65, "CALLBACKHOLD original call id empty"),
    ],
    ids=["letters", "too-long", "position", "empty-hold", "long-hold"],
)
def test_a_malformed_callback_line_is_refused_with_its_reason(line: str, reason: str) -> None:
    with pytest.raises(MalformedLine, match=re.escape(reason)):
        parse_line(line)


def test_a_callback_request_takes_the_number_and_the_position() -> None:
    parsed = parse_line("1795355838|1.1|support|NONE|CALLBACKREQUEST|+79035550000|2")
    assert (parsed.info, parsed.value) == ("+79035550000", 2)
    held = parse_line("1795355838|2.2|support|NONE|CALLBACKHOLD|1.1")
    assert (held.info, held.value) == ("1.1", None)


def test_an_enterqueue_without_a_caller_field_has_no_caller() -> None:
    assert parse_line("1795355838|1.1|support|NONE|ENTERQUEUE|").info == ""


def test_a_recording_line_keeps_the_file() -> None:
    parsed = parse_line("1795355838|1.1|support|Agent 1001|RECORDING|/var/spool/asterisk/monitor/a.wav")
    assert (parsed.info, parsed.wait_s, parsed.value) == ("/var/spool/asterisk/monitor/a.wav", None, None)


def test_the_data_fields_are_kept_joined_as_written() -> None:
    parsed = parse_line("1795355838|1.1|support|NONE|ABANDON|1|2|3")
    assert parsed.data == "1|2|3"
