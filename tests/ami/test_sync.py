"""call_action / client_for: the synchronous entry point for Django code, against a real local server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from callcenter.ami.errors import AMIActionError, AMIAuthenticationError
from callcenter.ami.sync import call_action, client_for
from tests.factories import AsteriskServerFactory
from tests.harness.ami import AMIServer
from tests.harness.frames import response

# Unsaved server rows: call_action only reads their fields, so no database is needed.
pytestmark = pytest.mark.timeout(30)


@pytest.fixture
async def ami_server() -> AsyncIterator[AMIServer]:
    server = AMIServer()
    await server.start()
    yield server
    await server.stop()


async def test_call_action_logs_in_runs_one_action_and_logs_off(ami_server: AMIServer) -> None:
    ami_server.handlers["QueuePause"] = lambda conn, msg: response(
        msg.action_id, Message="Interface paused successfully"
    )
    node = AsteriskServerFactory.build(ami_port=ami_server.port, ami_secret=ami_server.secret)
    reply = await asyncio.to_thread(
        call_action,
        node,
        "QueuePause",
        {"Interface": "Local/1201@agents/n", "Paused": "true", "Reason": "lunch"},
    )
    assert reply["Message"] == "Interface paused successfully"
    closed = await asyncio.wait_for(ami_server.closed.get(), 5)
    assert [m["Action"] for m in closed.actions] == ["Login", "QueuePause", "Logoff"]
    assert closed.actions[1]["Reason"] == "lunch"


async def test_call_action_raises_the_asterisk_error(ami_server: AMIServer) -> None:
    node = AsteriskServerFactory.build(ami_port=ami_server.port, ami_secret=ami_server.secret)
    with pytest.raises(AMIActionError, match="Invalid/unknown command: NoSuchAction"):
        await asyncio.to_thread(call_action, node, "NoSuchAction")


async def test_call_action_with_a_wrong_secret(ami_server: AMIServer) -> None:
    node = AsteriskServerFactory.build(ami_port=ami_server.port, ami_secret="wrong-password")
    with pytest.raises(AMIAuthenticationError):
        await asyncio.to_thread(call_action, node, "Ping")


async def test_call_action_refuses_to_run_inside_an_event_loop(ami_server: AMIServer) -> None:
    node = AsteriskServerFactory.build(ami_port=ami_server.port)
    with pytest.raises(RuntimeError, match="synchronous"):
        call_action(node, "Ping")


async def test_client_for_uses_the_server_row(ami_server: AMIServer) -> None:
    node = AsteriskServerFactory.build(ami_port=ami_server.port, ami_secret=ami_server.secret)
    client = client_for(node, action_timeout=3.0)
    assert (client.host, client.port, client.name, client.action_timeout) == (
        "127.0.0.1",
        ami_server.port,
        node.name,
        3.0,
    )
    await client.connect()
    try:
        assert (await client.action("Ping"))["Ping"] == "Pong"
    finally:
        await client.close()
