"""``Message`` beyond lookups: headers written without the space, ActionID found without parsing, equality,
the first value of each key, the wire bytes and the cheap text test."""

from __future__ import annotations

import pytest

from callcenter.ami.protocol import FrameParser, Message


def _parsed(frame: bytes) -> Message:
    (message,) = FrameParser(expect_banner=False).feed(frame + b"\r\n\r\n")
    return message


def test_a_header_without_the_space_after_its_colon_is_still_a_header() -> None:
    message = _parsed(b"Event: VarSet\r\nVariable:QUEUESTATUS\r\nValue:TIMEOUT")

    assert (message["Variable"], message["Value"]) == ("QUEUESTATUS", "TIMEOUT")
    assert message.stray_lines == []


@pytest.mark.parametrize("line", [b": value", b":value"])
def test_a_line_with_nothing_before_its_colon_is_a_stray_line_not_a_header(line: bytes) -> None:
    message = _parsed(b"Event: VarSet\r\n" + line)

    assert message.headers == [("Event", "VarSet")]
    assert message.stray_lines == [line.decode()]


def test_a_value_keeps_the_colons_after_the_first() -> None:
    message = _parsed(b"Event: ContactStatus\r\nURI: sip:1001@127.0.0.1:5062;ob")

    assert message["URI"] == "sip:1001@127.0.0.1:5062;ob"


@pytest.mark.parametrize(
    ("frame", "action_id"),
    [
        pytest.param(b"ActionID: first\r\nResponse: Success", "first", id="first-line"),
        pytest.param(b"Response: Success\r\nActionID: later\r\nMessage: x", "later", id="a-later-line"),
        pytest.param(b"Response: Success\r\nActionID: last", "last", id="the-last-line"),
        pytest.param(b"Response: Success\r\nActionID:tight", "tight", id="without-the-space"),
        pytest.param(b"Response: Success\r\nMessage: no id", None, id="none"),
    ],
)
def test_the_action_id_is_found_wherever_it_stands(frame: bytes, action_id: str | None) -> None:
    assert _parsed(frame).action_id == action_id


def test_a_response_built_from_headers_is_a_response() -> None:
    message = Message([("Response", "Goodbye"), ("ActionID", "logoff-1")])

    assert (message.response, message.event, message.action_id) == ("Goodbye", None, "logoff-1")


def test_to_dict_keeps_the_first_value_of_each_key_as_sent() -> None:
    message = Message([("Event", "Status"), ("Variable", "A=1"), ("Variable", "B=2")])

    assert message.to_dict() == {"Event": "Status", "Variable": "A=1"}


def test_messages_with_the_same_headers_are_equal_whether_parsed_or_built() -> None:
    built = Message([("Event", "Hangup"), ("Channel", "PJSIP/1001-00000001")])
    parsed = _parsed(b"Event: Hangup\r\nChannel: PJSIP/1001-00000001")

    assert built == parsed
    assert hash(built) == hash(parsed)
    assert built != Message([("Event", "Hangup")])
    assert built != "Event: Hangup"


def test_encode_gives_back_the_frame_the_parser_reads() -> None:
    message = Message([("Event", "QueueCallerJoin"), ("CallerIDName", "Иван Петров"), ("Position", "1")])

    assert (
        message.encode()
        == "Event: QueueCallerJoin\r\nCallerIDName: Иван Петров\r\nPosition: 1\r\n\r\n".encode()
    )
    assert FrameParser(expect_banner=False).feed(message.encode()) == [message]


def test_contains_text_looks_at_the_raw_frame() -> None:
    message = _parsed(b"Event: Newexten\r\nApplication: Queue\r\nAppData: support,,,,120")

    assert message.contains_text("AppData: support")
    assert not message.contains_text("sales")


def test_membership_asks_for_a_header_name_only() -> None:
    message = Message([("Event", "Hangup"), ("Cause", "16")])

    assert "cause" in message
    assert "Hangup" not in message  # a value, not a key
    assert 16 not in message


def test_repr_names_the_kind_and_the_header_count() -> None:
    assert repr(Message([("Event", "Hangup"), ("Cause", "16")])) == "<Message Event=Hangup 2 headers>"
    assert repr(Message([("Response", "Success")])) == "<Message Response=Success 1 headers>"
