"""AMIClient against a real local TCP server: login, correlation, lists, timeouts and failure modes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from callcenter.ami.client import AMIClient
from callcenter.ami.errors import (
    AMIActionError,
    AMIAuthenticationError,
    AMIConnectionLost,
    AMIProtocolError,
    AMITimeout,
)
from callcenter.ami.protocol import FrameParser, Message
from tests.harness.ami import AMIServer, Connection
from tests.harness.frames import recorded_frames, replace_action_id, response
from tests.harness.recordings import transcript_bytes

pytestmark = pytest.mark.timeout(30)


def make_client(ami_server: AMIServer, **kwargs: Any) -> AMIClient:
    options: dict[str, Any] = {
        "ping_interval": 0,
        "backoff_initial": 0.01,
        "backoff_max": 0.05,
        "action_timeout": 5.0,
    }
    options.update(kwargs)
    return AMIClient("127.0.0.1", ami_server.port, "ccadmin", ami_server.secret, name="test", **options)


async def next_action(ami_server: AMIServer, name: str) -> tuple[Connection, Message]:
    while True:
        connection, message = await asyncio.wait_for(ami_server.received.get(), 5)
        if message.get("Action") == name:
            return connection, message


async def test_login_reads_the_banner_and_sends_events_on(ami_server: AMIServer) -> None:
    client = make_client(ami_server)
    await client.connect()
    try:
        assert client.connected
        assert client.banner == "Asterisk Call Manager/11.0.0"
        login = ami_server.current.actions[0]
        assert (login["Action"], login["Username"], login["Events"]) == ("Login", "ccadmin", "on")
    finally:
        await client.close()
    assert not client.connected


async def test_authentication_failed_raises_and_the_server_closes_the_socket(asterisk_fixtures: Path) -> None:
    srv = AMIServer(secret="right")
    await srv.start()
    recorded = FrameParser().feed(transcript_bytes(asterisk_fixtures, "s10_login_failure_client"))[-1]
    assert recorded["Message"] == "Authentication failed"
    client = AMIClient("127.0.0.1", srv.port, "ccadmin", "wrong-password", ping_interval=0)
    try:
        with pytest.raises(AMIAuthenticationError, match="Authentication failed"):
            await client.connect()
        assert not client.connected
        closed = await asyncio.wait_for(srv.closed.get(), 5)
        assert closed.actions[0]["Action"] == "Login"
    finally:
        await srv.stop()


async def test_responses_are_matched_by_action_id_even_out_of_order(ami_server: AMIServer) -> None:
    held: list[tuple[Connection, Message]] = []

    def hold(connection: Connection, message: Message) -> bytes | None:
        held.append((connection, message))
        if len(held) == 2:
            # Answer the second action first.
            for conn, msg in reversed(held):
                conn.send(response(msg.action_id, Message=f"answer to {msg['Queue']}"))
        return None

    ami_server.handlers["QueuePause"] = hold
    client = make_client(ami_server)
    await client.connect()
    try:
        first, second = await asyncio.gather(
            client.action("QueuePause", {"Queue": "support"}), client.action("QueuePause", {"Queue": "sales"})
        )
        assert first["Message"] == "answer to support"
        assert second["Message"] == "answer to sales"
    finally:
        await client.close()


async def test_error_response_raises_with_the_asterisk_message(
    ami_server: AMIServer, asterisk_fixtures: Path
) -> None:
    recorded = FrameParser().feed(transcript_bytes(asterisk_fixtures, "s04_pause_dynamic"))
    (error,) = [m for m in recorded if m.action_id == "s04_pause_dynamic-25"]
    ami_server.handlers["QueueAdd"] = lambda conn, msg: replace_action_id(
        error.encode(), "s04_pause_dynamic-25", msg.action_id or ""
    )
    client = make_client(ami_server)
    await client.connect()
    try:
        with pytest.raises(AMIActionError) as caught:
            await client.action("QueueAdd", {"Queue": "support", "Interface": "Local/1401@agents/n"})
        assert caught.value.message == "Unable to add interface: Already there"
        assert caught.value.response.response == "Error"
    finally:
        await client.close()


async def test_action_list_collects_queue_status_events_up_to_complete(
    ami_server: AMIServer, asterisk_fixtures: Path
) -> None:
    raw = transcript_bytes(asterisk_fixtures, "s05_status_snapshot")
    frames = recorded_frames(raw, "s05_status_snapshot-33")
    ami_server.handlers["QueueStatus"] = lambda conn, msg: replace_action_id(
        frames, "s05_status_snapshot-33", msg.action_id or ""
    )
    seen: list[Message] = []
    client = make_client(ami_server)
    client.add_event_listener(seen.append)
    await client.connect()
    try:
        reply, events = await client.action_list("QueueStatus", {"Queue": "support"})
        assert reply["Message"] == "Queue status will follow"
        assert [e.event for e in events] == ["QueueParams", "QueueMember", "QueueMember", "QueueEntry"]
        assert events[3]["Uniqueid"] == "1795355864.21"
        assert seen == []  # list events belong to the action, not to the event listeners
    finally:
        await client.close()


async def test_action_timeout_then_late_answer_is_ignored_and_client_keeps_working(
    ami_server: AMIServer,
) -> None:
    late: list[tuple[Connection, Message]] = []

    def keep_for_later(conn: Connection, msg: Message) -> None:
        late.append((conn, msg))

    ami_server.handlers["Originate"] = keep_for_later
    client = make_client(ami_server)
    await client.connect()
    try:
        with pytest.raises(AMITimeout):
            await client.action("Originate", {"Channel": "Local/1@x"}, timeout=0.2)
        conn, msg = late[0]
        conn.send(response(msg.action_id, Message="Originate successfully queued"))
        pong = await client.action("Ping")
        assert pong["Ping"] == "Pong"
    finally:
        await client.close()


async def test_pending_action_fails_on_disconnect_and_is_never_resent(ami_server: AMIServer) -> None:
    ami_server.handlers["Originate"] = lambda conn, msg: None
    client = make_client(ami_server)
    stop = asyncio.Event()
    runner = asyncio.create_task(client.run(stop))
    try:
        await asyncio.wait_for(ami_server.logins.get(), 5)
        pending = asyncio.create_task(client.action("Originate", {"Channel": "Local/1@x"}, timeout=10))
        await next_action(ami_server, "Originate")
        ami_server.cut()
        with pytest.raises(AMIConnectionLost, match="not re-sent"):
            await asyncio.wait_for(pending, 5)
        second = await asyncio.wait_for(ami_server.logins.get(), 5)
        await asyncio.wait_for(_until(lambda: client.connected), 5)
        assert (await client.action("Ping"))["Ping"] == "Pong"
        assert [m["Action"] for m in second.actions] == ["Login", "Ping"]
    finally:
        stop.set()
        await asyncio.wait_for(runner, 5)


async def _until(condition: Callable[[], object]) -> None:
    while not condition():
        await asyncio.sleep(0.005)


async def test_run_reconnects_and_calls_connect_listeners_each_time(ami_server: AMIServer) -> None:
    client = make_client(ami_server)
    connects: asyncio.Queue[int] = asyncio.Queue()
    disconnects: list[Exception | None] = []

    async def on_connect() -> None:
        await connects.put(client.connect_count)

    client.add_connect_listener(on_connect)
    client.add_disconnect_listener(disconnects.append)
    stop = asyncio.Event()
    runner = asyncio.create_task(client.run(stop))
    try:
        assert await asyncio.wait_for(connects.get(), 5) == 1
        ami_server.cut()
        assert await asyncio.wait_for(connects.get(), 5) == 2
        assert len(disconnects) == 1
        assert isinstance(disconnects[0], AMIConnectionLost)
    finally:
        stop.set()
        await asyncio.wait_for(runner, 5)
    assert not client.connected


async def test_run_keeps_retrying_while_the_server_is_down_then_connects() -> None:
    down = AMIServer()
    port = await down.start()
    await down.stop()  # nothing listens on the port now
    client = AMIClient("127.0.0.1", port, "ccadmin", down.secret, ping_interval=0, backoff_initial=0.01)
    stop = asyncio.Event()
    runner = asyncio.create_task(client.run(stop))
    up = AMIServer()
    try:
        await up.start(port)
        await asyncio.wait_for(up.logins.get(), 5)
        await asyncio.wait_for(_until(lambda: client.connected), 5)
    finally:
        stop.set()
        await asyncio.wait_for(runner, 5)
        await up.stop()


async def test_events_split_into_single_bytes_arrive_whole_and_in_order(
    ami_server: AMIServer, asterisk_fixtures: Path
) -> None:
    raw = transcript_bytes(asterisk_fixtures, "s01_inbound")
    expected = [m for m in FrameParser().feed(raw) if m.event is not None]
    events: list[Message] = []
    client = make_client(ami_server)
    client.add_event_listener(events.append)
    await client.connect()
    try:
        body = raw[raw.index(b"Event: FullyBooted") :]
        body = body[: body.rindex(b"Response: Goodbye")]
        for i in range(0, len(body), 1):
            ami_server.current.send(body[i : i + 1])
            if i % 4096 == 0:
                await ami_server.current.writer.drain()
        await asyncio.wait_for(_until(lambda: len(events) == len(expected)), 10)
        assert [e.headers for e in events] == [e.headers for e in expected]
    finally:
        await client.close()


async def test_bad_bytes_do_not_break_the_connection(ami_server: AMIServer) -> None:
    events: list[Message] = []
    client = make_client(ami_server)
    client.add_event_listener(events.append)
    await client.connect()
    try:
        ami_server.current.send(b"garbage without a colon\r\n\r\n")
        ami_server.current.send(b"Event: Newchannel\r\nCallerIDName: \xff\xfe broken\r\n\r\n")
        assert (await client.action("Ping"))["Ping"] == "Pong"
        assert [e.event for e in events] == ["Newchannel"]
        assert events[0]["CallerIDName"] == "\ufffd\ufffd broken"
        assert client.malformed_frames == 1
    finally:
        await client.close()


async def test_frame_over_the_limit_drops_the_connection(ami_server: AMIServer) -> None:
    client = make_client(ami_server, max_frame_bytes=4096, reconnect=False)
    causes: asyncio.Queue[Exception | None] = asyncio.Queue()
    client.add_disconnect_listener(causes.put_nowait)
    await client.connect()
    try:
        ami_server.current.send(b"Event: Endless\r\n" + b"X: y\r\n" * 2000)
        cause = await asyncio.wait_for(causes.get(), 5)
        assert isinstance(cause, AMIProtocolError)
        assert not client.connected
        with pytest.raises(AMIConnectionLost):
            await client.action("Ping")
    finally:
        await client.close()


async def test_ping_timeout_detects_a_half_open_peer_and_reconnects(ami_server: AMIServer) -> None:
    client = make_client(ami_server, ping_interval=0.05, ping_timeout=0.2)
    causes: list[Exception | None] = []
    client.add_disconnect_listener(causes.append)
    stop = asyncio.Event()
    runner = asyncio.create_task(client.run(stop))
    try:
        await asyncio.wait_for(ami_server.logins.get(), 5)
        ami_server.freeze()  # the socket stays open, but nothing is read or answered any more
        second = await asyncio.wait_for(ami_server.logins.get(), 5)
        assert second.number == 2
        assert "Ping" in str(causes[0])
    finally:
        stop.set()
        await asyncio.wait_for(runner, 5)


async def test_action_when_not_connected_fails_fast() -> None:
    client = AMIClient("127.0.0.1", 9, "u", "s")
    with pytest.raises(AMIConnectionLost, match="not connected"):
        await client.action("Ping")


async def test_connect_to_a_closed_port_raises_oserror() -> None:
    srv = AMIServer()
    port = await srv.start()
    await srv.stop()
    client = AMIClient("127.0.0.1", port, "u", "s", ping_interval=0)
    with pytest.raises(OSError):
        await client.connect()


async def test_close_sends_logoff(ami_server: AMIServer) -> None:
    client = make_client(ami_server)
    await client.connect()
    await client.close()
    closed = await asyncio.wait_for(ami_server.closed.get(), 5)
    assert closed.actions[-1]["Action"] == "Logoff"


async def test_listener_exception_does_not_stop_other_listeners(ami_server: AMIServer) -> None:
    got: list[str] = []

    def broken(message: Message) -> None:
        raise RuntimeError("listener bug")

    client = make_client(ami_server)
    client.add_event_listener(broken)
    client.add_event_listener(lambda m: got.append(m.event or ""))
    await client.connect()
    try:
        ami_server.current.send(b"Event: FullyBooted\r\n\r\n")
        await asyncio.wait_for(_until(lambda: got == ["FullyBooted"]), 5)
        assert client.connected
    finally:
        await client.close()


@pytest.mark.parametrize(
    ("action", "recorded_id", "items"),
    [
        ("QueueStatus", "s05_status_snapshot-32", 18),
        ("QueueSummary", "s05_status_snapshot-35", 5),
        ("CoreShowChannels", "s05_status_snapshot-37", 10),
        ("Status", "s05_status_snapshot-38", 10),
        ("ExtensionStateList", "s05_status_snapshot-42", 0),
    ],
)
async def test_recorded_event_lists_are_collected_whole(
    ami_server: AMIServer, asterisk_fixtures: Path, action: str, recorded_id: str, items: int
) -> None:
    frames = recorded_frames(transcript_bytes(asterisk_fixtures, "s05_status_snapshot"), recorded_id)
    ami_server.handlers[action] = lambda conn, msg: replace_action_id(
        frames, recorded_id, msg.action_id or ""
    )
    client = make_client(ami_server)
    await client.connect()
    try:
        reply, events = await client.action_list(action)
        assert reply.response == "Success"
        # ListItems of the recorded Complete event is the number of items Asterisk sent.
        assert len(events) == items
        assert all(event.action_id == reply.action_id for event in events)
    finally:
        await client.close()


async def test_default_watchdog_detects_a_frozen_peer_within_5s_and_resends_nothing(
    ami_server: AMIServer,
) -> None:
    """With the default keep-alive (Ping after 2 s without a byte, 2 s to answer) a peer that freezes
    while an Originate is pending is dropped in under 5 s; the Originate fails and is never sent again."""
    ami_server.handlers["Originate"] = lambda conn, msg: None  # accepted, never answered
    client = AMIClient(
        "127.0.0.1", ami_server.port, "ccadmin", ami_server.secret, name="test", backoff_initial=0.01
    )
    stop = asyncio.Event()
    runner = asyncio.create_task(client.run(stop))
    try:
        first = await asyncio.wait_for(ami_server.logins.get(), 5)
        pending = asyncio.create_task(client.action("Originate", {"Channel": "Local/1@x"}, timeout=30))
        await next_action(ami_server, "Originate")
        loop = asyncio.get_running_loop()
        ami_server.freeze()
        frozen_at = loop.time()
        second = await asyncio.wait_for(ami_server.logins.get(), 6)
        detected_in = loop.time() - frozen_at
        with pytest.raises(AMIConnectionLost, match="not re-sent"):
            await asyncio.wait_for(pending, 1)
        assert detected_in < 5.0
        assert second.number == first.number + 1
        assert [m["Action"] for m in second.actions] == ["Login"]
        assert client.pings_timed_out == 1
    finally:
        stop.set()
        await asyncio.wait_for(runner, 5)


async def test_no_ping_while_the_peer_keeps_sending(ami_server: AMIServer) -> None:
    """The watchdog pings only an idle link: events arriving more often than ``ping_interval`` keep it quiet."""
    client = make_client(ami_server, ping_interval=0.3, ping_timeout=0.3)
    stop = asyncio.Event()
    runner = asyncio.create_task(client.run(stop))
    try:
        connection = await asyncio.wait_for(ami_server.logins.get(), 5)
        for _ in range(12):  # 1.2 s of traffic, four ping intervals
            ami_server.push(b"Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n")
            await asyncio.sleep(0.1)
        assert [m["Action"] for m in connection.actions] == ["Login"]
        assert client.connected
    finally:
        stop.set()
        await asyncio.wait_for(runner, 5)


async def test_a_late_ping_answer_behind_a_long_list_does_not_drop_the_link(ami_server: AMIServer) -> None:
    """Bytes that keep coming while the Ping waits (a long list ahead of its answer) prove the peer alive."""
    client = make_client(ami_server, ping_interval=0.2, ping_timeout=0.2)
    ami_server.handlers["Ping"] = lambda conn, msg: None  # the answer never comes...
    stop = asyncio.Event()
    runner = asyncio.create_task(client.run(stop))
    try:
        connection = await asyncio.wait_for(ami_server.logins.get(), 5)
        await next_action(ami_server, "Ping")
        for _ in range(8):  # ...but other bytes do, for four ping timeouts
            ami_server.push(b"Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n")
            await asyncio.sleep(0.1)
        assert client.connected
        assert client.pings_timed_out == 0
        assert len(ami_server.connections) == 1
        assert connection.actions[0]["Action"] == "Login"
    finally:
        stop.set()
        await asyncio.wait_for(runner, 5)
