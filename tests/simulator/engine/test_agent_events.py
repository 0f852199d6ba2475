"""``agent_event``: the headers of app_queue's Agent* events, as Asterisk 22 recorded them in s01_inbound."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcenter.ami.message import Message
from callcenter.simulator.channels import Channel
from callcenter.simulator.config import QueueConfig
from callcenter.simulator.engine.agent_events import agent_event
from callcenter.simulator.engine.model import Queue, QueueMember
from tests.harness.recordings import transcript

# Event and Privilege lead every recorded event; the engine's Headers start after them.
LEADING = 2


def _recorded(fixtures: Path, event: str) -> Message:
    return next(message for message in transcript(fixtures, "s01_inbound") if message.get("Event") == event)


def _channel(event: Message, prefix: str = "") -> Channel:
    """The channel the recorded event reports under ``prefix``."""

    def value(name: str) -> str:
        found = event.get(f"{prefix}{name}")
        assert found is not None, f"{prefix}{name}"
        return found

    return Channel(
        name=value("Channel"),
        uniqueid=value("Uniqueid"),
        linkedid=value("Linkedid"),
        context=value("Context"),
        exten=value("Exten"),
        created=0.0,
        state=int(value("ChannelState")),
        priority=int(value("Priority")),
        cid_num=value("CallerIDNum"),
        cid_name=value("CallerIDName"),
        conn_num=value("ConnectedLineNum"),
        conn_name=value("ConnectedLineName"),
    )


SUPPORT = Queue(QueueConfig(name="support", strategy="rrmemory"))
AGENT_1001 = QueueMember(
    interface="Local/1001@agents/n",
    name="Agent 1001",
    state_interface="Local/1001@agents",
    penalty=0,
    dynamic=False,
    login_time=0.0,
    position=0,
)


@pytest.mark.parametrize(
    ("event", "extra"),
    [
        ("AgentCalled", ()),
        ("AgentConnect", (("HoldTime", "0"), ("RingTime", "0"))),
        ("AgentComplete", (("HoldTime", "0"), ("TalkTime", "4"), ("Reason", "caller"))),
    ],
)
def test_the_headers_are_the_recorded_ones_in_their_order(
    asterisk_fixtures: Path, event: str, extra: tuple[tuple[str, str], ...]
) -> None:
    recorded = _recorded(asterisk_fixtures, event)
    built = agent_event(_channel(recorded), _channel(recorded, "Dest"), SUPPORT, AGENT_1001, *extra)
    assert built == recorded.headers[LEADING:]


def test_the_events_own_headers_come_last_in_the_order_given(asterisk_fixtures: Path) -> None:
    recorded = _recorded(asterisk_fixtures, "AgentCalled")
    built = agent_event(
        _channel(recorded), _channel(recorded, "Dest"), SUPPORT, AGENT_1001, ("B", "2"), ("A", "1")
    )
    assert built[-3:] == [("MemberName", "Agent 1001"), ("B", "2"), ("A", "1")]
