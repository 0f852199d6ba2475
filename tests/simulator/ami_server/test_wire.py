"""The simulator's side of AMI framing: received actions and the Events mask."""

from __future__ import annotations

import pytest

from callcenter.simulator.ami_server.wire import Message, encode, event_mask


def test_a_received_action_is_read_without_regard_to_case_and_missing_headers_read_empty() -> None:
    message = Message([("Action", "Originate"), ("Variable", "A=1"), ("variable", "B=2")])
    assert message.get("action") == "Originate"
    assert message.get("Channel") == ""
    assert (message.has("VARIABLE"), message.has("Channel")) == (True, False)
    assert message.get_all("Variable") == ["A=1", "B=2"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("on", None),
        ("All", None),
        ("off", set()),
        ("", set()),
        ("system, call", {"system", "call"}),
    ],
)
def test_the_events_header_becomes_every_event_none_or_the_listed_categories(
    value: str, expected: set[str] | None
) -> None:
    assert event_mask(value) == expected


def test_encode_ends_the_frame_with_an_empty_line() -> None:
    assert encode([("Response", "Success"), ("Ping", "Pong")]) == b"Response: Success\r\nPing: Pong\r\n\r\n"
