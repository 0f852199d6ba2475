"""The AMI client tests talk to a bare local server: it answers only what a test gives it handlers for."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.harness.ami import AMIServer


@pytest.fixture
async def ami_server() -> AsyncIterator[AMIServer]:
    """A bare AMI test server (no list actions answered unless a test says how)."""
    server = AMIServer()
    await server.start()
    yield server
    await server.stop()
