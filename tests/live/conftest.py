"""Helpers shared by the live-state tests: recorded transcripts as parsed messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcenter.ami.protocol import FrameParser, Message


def transcript_messages(fixtures: Path, scenario: str) -> list[Message]:
    return FrameParser().feed((fixtures / "transcripts" / f"{scenario}.ami").read_bytes())


def list_events(messages: list[Message], action_id: str) -> list[Message]:
    """The events of one recorded list action, without the response and the Complete event."""
    return [
        m
        for m in messages
        if m.event is not None and m.action_id == action_id and m.get("EventList") != "Complete"
    ]


@pytest.fixture
def s05(asterisk_fixtures) -> list[Message]:
    return transcript_messages(asterisk_fixtures, "s05_status_snapshot")
