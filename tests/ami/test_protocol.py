"""Framing, Message and encode_action against the recorded Asterisk 22 bytes."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callcenter.ami.errors import AMIProtocolError
from callcenter.ami.protocol import FrameParser, Message, encode_action
from tests.harness.recordings import ALL_SCENARIOS, transcript_bytes


@pytest.mark.parametrize("scenario", [s for s in ALL_SCENARIOS if not s.endswith("_client")])
def test_every_transcript_parses_to_the_recorded_message_and_event_counts(
    asterisk_fixtures: Path, scenario: str
) -> None:
    summary = json.loads((asterisk_fixtures / "summary.json").read_text())[scenario]
    parser = FrameParser()
    messages = parser.feed(transcript_bytes(asterisk_fixtures, scenario))
    assert parser.banner == "Asterisk Call Manager/11.0.0"
    assert len(messages) == summary["messages"]
    assert sum(1 for m in messages if m.event is not None) == summary["events"]
    assert parser.malformed == 0
    assert parser.buffered == 0


@pytest.mark.parametrize("scenario", ["s01_inbound", "s05_status_snapshot", "s06_spy"])
def test_split_reads_give_the_same_messages_as_one_read(asterisk_fixtures: Path, scenario: str) -> None:
    raw = transcript_bytes(asterisk_fixtures, scenario)
    expected = [m.headers for m in FrameParser().feed(raw)]
    rng = random.Random(scenario)
    parser = FrameParser()
    got = []
    pos = 0
    while pos < len(raw):
        size = rng.choice([1, 2, 3, 5, 64, 1500])
        got += [m.headers for m in parser.feed(raw[pos : pos + size])]
        pos += size
    assert got == expected


def test_terminator_split_at_every_position() -> None:
    frame = b"Event: Ping\r\nA: 1\r\n\r\n"
    for cut in range(1, len(frame)):
        parser = FrameParser(expect_banner=False)
        first = parser.feed(frame[:cut])
        second = parser.feed(frame[cut:])
        assert not first
        assert [m.headers for m in second] == [[("Event", "Ping"), ("A", "1")]]


def test_multibyte_character_split_across_reads_is_kept() -> None:
    frame = "Event: QueueCallerJoin\r\nCallerIDName: Иван Петров\r\n\r\n".encode()
    split_at = frame.index("Иван".encode()) + 1  # inside the two bytes of "И"
    parser = FrameParser(expect_banner=False)
    assert parser.feed(frame[:split_at]) == []
    (message,) = parser.feed(frame[split_at:])
    assert message["CallerIDName"] == "Иван Петров"
    assert parser.decode_errors == 0


def test_invalid_utf8_is_replaced_and_counted_not_dropped() -> None:
    parser = FrameParser(expect_banner=False)
    messages = parser.feed(b"Event: Newchannel\r\nCallerIDName: caf\xe9\r\n\r\nEvent: Next\r\n\r\n")
    assert [m.event for m in messages] == ["Newchannel", "Next"]
    assert messages[0]["CallerIDName"] == "caf\ufffd"
    assert parser.decode_errors == 1


@pytest.mark.parametrize(
    ("scenario", "responses"),
    [
        ("s10_login_failure_client", [("Error", "Permission denied"), ("Error", "Authentication failed")]),
        ("s10_unknown_user_client", [("Error", "Authentication failed")]),
    ],
)
def test_login_failure_transcripts(
    asterisk_fixtures: Path, scenario: str, responses: list[tuple[str, str]]
) -> None:
    parser = FrameParser()
    messages = parser.feed(transcript_bytes(asterisk_fixtures, scenario))
    assert [(m.response, m["Message"]) for m in messages] == responses
    assert parser.banner == "Asterisk Call Manager/11.0.0"


def test_header_line_without_colon_is_ignored_as_in_the_malformed_client_recording(
    asterisk_fixtures: Path,
) -> None:
    sent = (asterisk_fixtures / "transcripts" / "s10_malformed_client.sent.ami").read_bytes()
    actions = FrameParser(expect_banner=False).feed(sent)
    (ping,) = [m for m in actions if m.action_id == "garbage-line"]
    assert ping.headers == [("Action", "Ping"), ("ActionID", "garbage-line")]
    assert ping.stray_lines == ["this line has no colon"]
    # Asterisk ignored that line and answered the Ping normally.
    received = FrameParser().feed(transcript_bytes(asterisk_fixtures, "s10_malformed_client"))
    (pong,) = [m for m in received if m.action_id == "garbage-line"]
    assert pong.response == "Success"
    assert pong["Ping"] == "Pong"


def test_frame_without_event_or_response_is_counted_and_skipped() -> None:
    parser = FrameParser(expect_banner=False)
    messages = parser.feed(b"Foo: bar\r\n\r\nEvent: Real\r\n\r\n")
    assert [m.event for m in messages] == ["Real"]
    assert parser.malformed == 1


def test_one_megabyte_command_output_is_one_message() -> None:
    lines = [f"Output: line {i:06d} " + "x" * 90 for i in range(10_000)]
    frame = "Response: Success\r\nActionID: big\r\nMessage: Command output follows\r\n" + "\r\n".join(lines)
    data = frame.encode() + b"\r\n\r\n"
    assert len(data) > 1_000_000
    parser = FrameParser(expect_banner=False)
    got = []
    for pos in range(0, len(data), 65536):
        got += parser.feed(data[pos : pos + 65536])
    (message,) = got
    assert message.action_id == "big"
    assert len(message.output) == 10_000
    assert message.output[-1] == lines[-1][len("Output: ") :]


def test_peer_that_never_terminates_a_frame_is_refused_at_the_limit() -> None:
    parser = FrameParser(max_frame_bytes=10_000, expect_banner=False)
    parser.feed(b"Event: Endless\r\n")
    with pytest.raises(AMIProtocolError, match="limit 10000"):
        for _ in range(100):
            parser.feed(b"X: " + b"y" * 500 + b"\r\n")
    assert parser.buffered == 0


def test_recorded_command_output_lines(asterisk_fixtures: Path) -> None:
    messages = FrameParser().feed(transcript_bytes(asterisk_fixtures, "s00_session"))
    (version,) = [m for m in messages if m.action_id == "s00_session-5"]
    assert version.output == [
        "Asterisk 22.10.1 built by root @ vm on a x86_64 running Linux on 2026-11-22 13:48:11 UTC"
    ]


def test_message_lookup_is_case_insensitive_first_match_and_keeps_duplicates() -> None:
    message = Message([("Event", "Status"), ("Variable", "A=1"), ("variable", "B=2"), ("Channel", "X")])
    assert message.get("VARIABLE") == "A=1"
    assert message.get_all("Variable") == ["A=1", "B=2"]
    assert message["channel"] == "X"
    assert message.get("Missing", "d") == "d"
    with pytest.raises(KeyError):
        message["Missing"]
    assert message.event == "Status"
    assert message.response is None


def test_response_and_action_id_from_text() -> None:
    (message,) = FrameParser(expect_banner=False).feed(
        b"Response: Error\r\nActionID: s04-25\r\nMessage: Unable to add interface: Already there\r\n\r\n"
    )
    assert message.response == "Error"
    assert message.event is None
    assert message.action_id == "s04-25"
    assert message["Message"] == "Unable to add interface: Already there"


def test_originate_response_event_is_an_event_not_a_response(asterisk_fixtures: Path) -> None:
    messages = FrameParser().feed(transcript_bytes(asterisk_fixtures, "s07_outbound"))
    originate = [m for m in messages if m.event == "OriginateResponse"]
    assert originate
    assert all(m.response is None and m.get("Response") in ("Success", "Failure") for m in originate)


def test_encode_action_matches_the_recorded_wire_bytes(asterisk_fixtures: Path) -> None:
    sent = (asterisk_fixtures / "transcripts" / "s02_abandon.sent.ami").read_bytes()
    first_pause = sent.split(b"\r\n\r\n")[1] + b"\r\n\r\n"
    (parsed,) = FrameParser(expect_banner=False).feed(first_pause)
    headers = [(k, v) for k, v in parsed.headers if k not in ("Action", "ActionID")]
    assert encode_action(parsed["Action"], headers, parsed["ActionID"]) == first_pause


@pytest.mark.parametrize(
    ("name", "headers"),
    [
        ("Originate", {"CallerID": "Evil\r\nAction: Hangup"}),
        ("Originate", {"Variable\n": "x"}),
        ("Ping\r\nAction: Hangup", {}),
        ("Originate", [("Channel", "Local/1@x\n")]),
        ("Originate", {"ActionID": "override"}),
    ],
)
def test_encode_action_refuses_injection(name: str, headers: dict[str, str] | list[tuple[str, str]]) -> None:
    with pytest.raises(ValueError):
        encode_action(name, headers, "id-1")


def test_encode_action_refuses_newline_in_action_id() -> None:
    with pytest.raises(ValueError):
        encode_action("Ping", {}, "id\r\nAction: Hangup")


def test_stream_without_banner_is_accepted() -> None:
    parser = FrameParser()
    (message,) = parser.feed(b"Event: FullyBooted\r\nStatus: Fully Booted\r\n\r\n")
    assert parser.banner is None
    assert message.event == "FullyBooted"


_header_text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\r\n"), max_size=20
)


@settings(max_examples=150, deadline=None)
@given(
    frames=st.lists(
        st.lists(
            st.tuples(st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,15}", fullmatch=True), _header_text),
            min_size=0,
            max_size=6,
        ),
        min_size=1,
        max_size=8,
    ),
    cuts=st.lists(st.integers(min_value=1, max_value=40), max_size=60),
)
def test_any_split_of_any_frames_gives_the_same_messages(
    frames: list[list[tuple[str, str]]], cuts: list[int]
) -> None:
    data = b"".join(Message([("Event", f"E{i}"), *headers]).encode() for i, headers in enumerate(frames))
    parser = FrameParser(expect_banner=False)
    got = []
    pos = 0
    for size in cuts:
        got += parser.feed(data[pos : pos + size])
        pos += size
    got += parser.feed(data[pos:])
    assert [m.event for m in got] == [f"E{i}" for i in range(len(frames))]
    for message, headers in zip(got, frames, strict=True):
        assert message.headers[1:] == [(k, v) for k, v in headers]
    assert parser.buffered == 0
