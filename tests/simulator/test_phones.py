"""The simulator's PJSIP member phones: PJSIPShowContacts lists the registered ones, and a phone that
unregisters or registers again says so with the events, and in the order, a real Asterisk 22 sends
(recorded by tests/asterisk/test_65_endpoints.py: PeerStatus, DeviceStateChange, ContactStatus)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from callcenter.simulator.clock import ManualClock
from callcenter.simulator.runner import Simulator
from tests.simulator.amiclient import Frame, RawAMI, header
from tests.simulator.conftest import FIXTURE_EPOCH

QUEUES = """[general]

[sales]
strategy = ringall
member => PJSIP/1001,0,Agent 1001
member => PJSIP/1002,0,Agent 1002
member => Local/1201@agents/n,0,Agent 1201
"""


@dataclass
class Node:
    simulator: Simulator
    ami: RawAMI

    def set_phone(self, device: str, registered: bool) -> int:
        """Register or unregister a phone; returns where its events start among the frames."""
        start = len(self.ami.frames)
        self.simulator.engine.set_device_available(device, registered)
        return start

    async def settled(self, start: int) -> list[Frame]:
        """The frames from ``start`` up to the members' status that ends a phone's change."""
        end = await self.ami.wait_for(lambda f: header(f, "Event") == "QueueMemberStatus", start=start)
        return self.ami.frames[start : self.ami.frames.index(end) + 1]


@pytest.fixture
async def node(tmp_path: Path) -> AsyncIterator[Node]:
    (tmp_path / "queues.conf").write_text(QUEUES)
    simulator = Simulator(
        config_dir=tmp_path, username="bridge", secret="s3cret-bridge", clock=ManualClock(FIXTURE_EPOCH)
    )
    await simulator.start()
    client = await RawAMI.connect(simulator.port)
    await client.login("bridge", "s3cret-bridge")
    yield Node(simulator, client)
    await client.close()
    await simulator.stop()


async def _contacts(client: RawAMI) -> list[tuple[str, str, str]]:
    action_id = client.send("PJSIPShowContacts")
    complete = await client.wait_for(
        lambda f: header(f, "ActionID") == action_id and header(f, "Event") == "ContactListComplete"
    )
    return [
        (header(f, "Endpoint"), header(f, "Uri"), header(f, "Status"))
        for f in client.frames[: client.frames.index(complete)]
        if header(f, "ActionID") == action_id and header(f, "Event") == "ContactList"
    ]


def _statuses(frames: list[Frame]) -> list[tuple[str, str]]:
    """Each event with the status it reports (of the peer, the contact or the device)."""
    return [
        (header(f, "Event"), header(f, "PeerStatus") or header(f, "ContactStatus") or header(f, "State"))
        for f in frames
    ]


async def test_every_pjsip_member_phone_is_a_registered_contact(node: Node) -> None:
    assert await _contacts(node.ami) == [
        ("1001", "sip:1001@127.0.0.1:5060;ob", "Reachable"),
        ("1002", "sip:1002@127.0.0.1:5060;ob", "Reachable"),
    ]


async def test_a_phone_that_unregisters_is_removed_as_asterisk_says_it(node: Node) -> None:
    frames = await node.settled(node.set_phone("PJSIP/1001", False))
    assert _statuses(frames) == [
        ("PeerStatus", "Unreachable"),
        ("DeviceStateChange", "UNAVAILABLE"),
        ("ContactStatus", "Removed"),
        ("QueueMemberStatus", ""),
    ]
    assert [endpoint for endpoint, _, _ in await _contacts(node.ami)] == ["1002"]


async def test_a_phone_that_registers_again_is_qualified(node: Node) -> None:
    await node.settled(node.set_phone("PJSIP/1001", False))
    frames = await node.settled(node.set_phone("PJSIP/1001", True))
    assert _statuses(frames) == [
        ("ContactStatus", "NonQualified"),
        ("PeerStatus", "Reachable"),
        ("DeviceStateChange", "NOT_INUSE"),
        ("ContactStatus", "Reachable"),
        ("QueueMemberStatus", ""),
    ]
    reachable = frames[3]
    assert (header(reachable, "EndpointName"), header(reachable, "RoundtripUsec")) == ("1001", "1500")


async def test_no_registered_phone_is_the_error_asterisk_answers(tmp_path: Path) -> None:
    (tmp_path / "queues.conf").write_text(
        "[general]\n\n[sales]\nmember => Local/1201@agents/n,0,Agent 1201\n"
    )
    simulator = Simulator(config_dir=tmp_path, username="bridge", secret="s3cret-bridge")
    await simulator.start()
    try:
        client = await RawAMI.connect(simulator.port)
        await client.login("bridge", "s3cret-bridge")
        assert header(await client.action("PJSIPShowContacts"), "Message") == "No Contacts found"
        await client.close()
    finally:
        await simulator.stop()
