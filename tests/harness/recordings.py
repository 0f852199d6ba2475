"""The recorded Asterisk 22 sessions: their scenario names and their transcripts."""

from __future__ import annotations

from pathlib import Path

from callcenter.ami.protocol import FrameParser, Message

# The sessions with queue calls and members, each with the queue_log its node wrote.
QUEUE_SCENARIOS = (
    "s01_inbound",
    "s02_abandon",
    "s03_ringnoanswer",
    "s04_pause_dynamic",
    "s05_status_snapshot",
    "s06_spy",
)

# Every recorded session, in the order they were recorded.
ALL_SCENARIOS = (
    "s00_session",
    *QUEUE_SCENARIOS,
    "s07_outbound",
    "s09_reload",
    "s10_errors",
    "s10_login_failure_client",
    "s10_malformed_client",
    "s10_unknown_user_client",
)


def transcript_path(fixtures: Path, scenario: str) -> Path:
    """The AMI bytes the node sent during ``scenario``."""
    return fixtures / "transcripts" / f"{scenario}.ami"


def transcript_bytes(fixtures: Path, scenario: str) -> bytes:
    return transcript_path(fixtures, scenario).read_bytes()


def transcript(fixtures: Path, scenario: str) -> list[Message]:
    """The recorded session parsed into messages."""
    return FrameParser().feed(transcript_bytes(fixtures, scenario))
