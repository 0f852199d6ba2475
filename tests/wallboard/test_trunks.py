"""Trunk alarms from qualify events. The recordings have no SIP (the PBX was built without pjproject), so
the events are written here with the fields Asterisk 22 documents for ContactStatus and PeerStatus."""

from __future__ import annotations

import pytest

from callcenter.ami.protocol import Message
from callcenter.wallboard import trunks

CONTACT_UNREACHABLE = Message(
    [
        ("Event", "ContactStatus"),
        ("Privilege", "system,all"),
        ("URI", "sip:carrier1@203.0.113.10:5060"),
        ("ContactStatus", "Unreachable"),
        ("AOR", "carrier1"),
        ("EndpointName", "carrier1"),
        ("RoundtripUsec", "0"),
    ]
)
PEER_REACHABLE = Message(
    [
        ("Event", "PeerStatus"),
        ("Privilege", "system,all"),
        ("ChannelType", "PJSIP"),
        ("Peer", "PJSIP/carrier1"),
        ("PeerStatus", "Reachable"),
    ]
)


def test_qualify_events_name_the_trunk_and_its_state():
    assert trunks.trunk_event(CONTACT_UNREACHABLE) == ("carrier1", False)
    assert trunks.trunk_event(PEER_REACHABLE) == ("carrier1", True)
    assert trunks.trunk_event(Message([("Event", "ContactStatus"), ("ContactStatus", "Unknown")])) is None
    assert trunks.trunk_event(Message([("Event", "Newchannel"), ("Channel", "PJSIP/carrier1-1")])) is None


@pytest.fixture
def clean_trunks(settings):
    import redis

    def clear() -> None:
        if settings.REDIS_URL:
            with redis.Redis.from_url(settings.REDIS_URL) as client:
                client.delete(f"{trunks.PREFIX}:node1")
        trunks._memory.clear()

    clear()
    yield
    clear()


def test_alarm_is_raised_once_and_cleared(clean_trunks):
    assert trunks.record("node1", "carrier1", False) is True
    assert trunks.record("node1", "carrier1", False) is False  # no change, no new message
    assert trunks.down("node1") == ["carrier1"]
    assert trunks.message_for("node1") == {
        "type": "wallboard.trunks",
        "server": "node1",
        "trunks_down": ["carrier1"],
    }
    assert trunks.record("node1", "carrier1", True) is True
    assert trunks.down("node1") == []
