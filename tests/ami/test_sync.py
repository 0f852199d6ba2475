"""call_action / client_for: the synchronous entry point for Django code, against a real local server."""

from __future__ import annotations

import asyncio
import socket

import pytest

from callcenter.ami.errors import AMIActionError, AMIAuthenticationError, AMITimeout
from callcenter.ami.sync import call_action, client_for
from tests.factories import AsteriskServerFactory
from tests.harness.ami import AMIServer
from tests.harness.frames import response

# Unsaved server rows: call_action only reads their fields, so no database is needed.
pytestmark = pytest.mark.timeout(30)


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


async def test_call_action_times_out_when_the_node_never_answers(ami_server: AMIServer) -> None:
    ami_server.handlers["QueueStatus"] = lambda conn, msg: None
    node = AsteriskServerFactory.build(ami_port=ami_server.port, ami_secret=ami_server.secret)

    with pytest.raises(AMITimeout):
        await asyncio.to_thread(call_action, node, "QueueStatus", timeout=0.3)
    closed = await asyncio.wait_for(ami_server.closed.get(), 5)
    sent = [m["Action"] for m in closed.actions]
    assert sent[:2] == ["Login", "QueueStatus"]
    assert sent.count("QueueStatus") == 1  # an action is never sent again


async def test_call_action_to_a_node_nobody_listens_on_is_an_os_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    node = AsteriskServerFactory.build(ami_port=port)

    with pytest.raises(OSError):
        await asyncio.to_thread(call_action, node, "Ping", timeout=2.0)


async def test_the_session_of_call_action_asks_for_no_events(ami_server: AMIServer) -> None:
    node = AsteriskServerFactory.build(ami_port=ami_server.port, ami_secret=ami_server.secret)

    await asyncio.to_thread(call_action, node, "Ping")

    closed = await asyncio.wait_for(ami_server.closed.get(), 5)
    assert closed.actions[0].get("Events") == "off"


async def test_client_for_options_override_its_defaults(ami_server: AMIServer) -> None:
    node = AsteriskServerFactory.build(ami_port=ami_server.port, ami_secret=ami_server.secret)

    assert client_for(node).events is False
    assert client_for(node, events=True).events is True
