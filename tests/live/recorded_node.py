"""A local AMI node that answers the status list actions with the lists recorded in s05."""

from __future__ import annotations

from pathlib import Path

from tests.harness.ami import AMIServer
from tests.harness.frames import recorded_frames, replace_action_id
from tests.harness.recordings import transcript_bytes

STATUS_ID = "s05_status_snapshot-32"
CHANNELS_ID = "s05_status_snapshot-37"


async def s05_server(fixtures: Path) -> AMIServer:
    """A started node answering QueueStatus and CoreShowChannels with the recorded s05 lists (12 members,
    10 channels)."""
    s05 = transcript_bytes(fixtures, "s05_status_snapshot")
    status, channels = recorded_frames(s05, STATUS_ID), recorded_frames(s05, CHANNELS_ID)
    server = AMIServer()
    await server.start()
    server.handlers["QueueStatus"] = lambda conn, msg: replace_action_id(
        status, STATUS_ID, msg.action_id or ""
    )
    server.handlers["CoreShowChannels"] = lambda conn, msg: replace_action_id(
        channels, CHANNELS_ID, msg.action_id or ""
    )
    return server
