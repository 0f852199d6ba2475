"""Wallboard test helpers: live state from the recordings written through the live store, a real AMI server."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.db import connections
from pytest_django import Settings

from callcenter.agents.models import PauseReason
from callcenter.ami.protocol import Message
from callcenter.live import store
from callcenter.live.messages import Snapshot
from callcenter.live.state import LiveState
from callcenter.pbx.models import AsteriskServer
from callcenter.stats.models import Callback
from tests.factories import AsteriskServerFactory, CallbackFactory, PauseReasonFactory
from tests.harness.background import BackgroundAMI
from tests.harness.queues import Member, QueueMembers
from tests.harness.recordings import transcript

RECORDED_NOW = 1795355900.0  # the recordings were made at about this epoch


def state_until(
    fixtures: Path, scenario: str, server: str, stop: Callable[[Message], bool] | None = None
) -> LiveState:
    """The reducer fed with a recording up to and including the first message ``stop`` accepts."""
    state = LiveState(server)
    for message in transcript(fixtures, scenario):
        state.apply(message, RECORDED_NOW)
        if stop is not None and stop(message):
            break
    return state


def event_named(name: str) -> Callable[[Message], bool]:
    return lambda message: message.event == name


# A heartbeat that outlives any test: these tests are about what the boards show, not about expiry.
HEARTBEAT_TTL_MS = 600_000


class LiveStore:
    """Writes snapshots and deltas through the live store API, as the bridge does."""

    def write(self, server: str, state: LiveState) -> Snapshot:
        snapshot = state.snapshot(RECORDED_NOW)
        async_to_sync(store.get_store().write_snapshot)(server, snapshot)
        async_to_sync(store.get_store().set_connected)(server, True, HEARTBEAT_TTL_MS)
        return snapshot

    def set_connected(self, server: str, connected: bool, ttl_ms: int = HEARTBEAT_TTL_MS) -> None:
        async_to_sync(store.get_store().set_connected)(server, connected, ttl_ms)


def delete_redis_keys(prefix: str) -> bool:
    """Delete the Redis keys under ``prefix`` when the tests run with Redis; whether they do."""
    if not settings.REDIS_URL:
        return False
    with redis.Redis.from_url(settings.REDIS_URL) as client:
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)
    return True


def _clear_live_store() -> None:
    if not delete_redis_keys(store.PREFIX):
        memory = store.get_store()
        assert isinstance(memory, store.MemoryStore)
        memory.data.clear()
        memory.heartbeats.clear()
        memory.markers.clear()


@pytest.fixture
def live_store() -> Iterator[LiveStore]:
    _clear_live_store()
    yield LiveStore()
    _clear_live_store()


@pytest.fixture
def fixture_ami(center: dict[str, Any]) -> Iterator[BackgroundAMI[QueueMembers]]:
    """A running AMI server that knows the center's members, and the AsteriskServer row pointing at it."""
    server = BackgroundAMI(
        QueueMembers(
            [
                Member("support", "Local/1001@agents/n", "Agent 1001"),
                Member("support", "Local/1002@agents/n", "Agent 1002"),
                Member("sales", "PJSIP/1201", "Agent 1201"),
            ]
        )
    )
    port = server.start()
    AsteriskServerFactory(name="node1", ami_port=port)
    # The recordings' members are Local channels: give the personas the same interfaces.
    for persona, interface in (("ivan", "Local/1001@agents/n"), ("anna", "Local/1002@agents/n")):
        agent = center[persona]
        agent.interface = interface
        agent.save()
    yield server
    server.stop()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def unreachable_node(db: None) -> AsteriskServer:
    """The only Asterisk server, on a local port nothing listens on."""
    server: AsteriskServer = AsteriskServerFactory(name="down", ami_port=_closed_port())
    return server


@pytest.fixture
def pause_reasons(db: None) -> dict[str, PauseReason]:
    return {
        "lunch": PauseReasonFactory(code="lunch", label="Lunch"),
        "training": PauseReasonFactory(code="training", label="Training"),
    }


@pytest.fixture
def callback_entries(center: dict[str, Any]) -> dict[str, Callback]:
    """Ivan's own callback, one of his team North's, one of Anna's, one of team South's and a closed one."""
    return {
        "mine": CallbackFactory(number="+79161110001", agent=center["ivan"], status="assigned"),
        "team": CallbackFactory(number="+79161110002", team=center["north"], status="assigned"),
        "anna": CallbackFactory(number="+79161110003", agent=center["anna"], status="assigned"),
        "south": CallbackFactory(number="+79161110004", team=center["south"], status="assigned"),
        "closed": CallbackFactory(
            number="+79161110005", agent=center["ivan"], status="closed", outcome="no_answer"
        ),
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """The personas' passwords are hashed for every test; the default hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
async def close_db_threads() -> AsyncIterator[None]:
    """Close the database connection the consumers opened in asgiref's worker thread, so that the test
    database can be dropped at the end of the session."""
    yield
    await sync_to_async(connections.close_all)()
