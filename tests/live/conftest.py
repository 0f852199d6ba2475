"""Helpers shared by the live-state tests: recorded transcripts as parsed messages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.db import connections

from callcenter.ami.protocol import Message
from callcenter.live.store import get_store
from tests.factories import AsteriskServerFactory
from tests.harness.ami import AMIServer
from tests.harness.recordings import transcript


def list_events(messages: list[Message], action_id: str) -> list[Message]:
    """The events of one recorded list action, without the response and the Complete event."""
    return [
        m
        for m in messages
        if m.event is not None and m.action_id == action_id and m.get("EventList") != "Complete"
    ]


@pytest.fixture
def s05(asterisk_fixtures: Path) -> list[Message]:
    return transcript(asterisk_fixtures, "s05_status_snapshot")


@pytest.fixture
async def node(ami_server: AMIServer) -> AsyncIterator[Any]:
    """The AsteriskServer row of the idle test node."""
    server = await sync_to_async(AsteriskServerFactory)(
        ami_port=ami_server.port, ami_secret=ami_server.secret
    )
    yield server
    await get_store().delete(str(server.name))
    # Factories ran in asgiref's sync thread; close its connection so the test database can be dropped.
    await sync_to_async(connections.close_all)()
