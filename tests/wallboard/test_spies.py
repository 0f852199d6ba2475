"""Spy sessions: recorded ChanSpy events, delivered by the bridge to the wallboard's subscriber, move the
session and reach the board."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from callcenter.audit.models import AuditEntry
from callcenter.live.subscribers import registered
from callcenter.wallboard.actions.spy_events import SPY_ACTION_PREFIX
from callcenter.wallboard.models import SpySession
from callcenter.wallboard.spies import (
    GROUP,
    SUBSCRIBER_NAME,
    SpyTracker,
    active_spies,
    subscriber,
)
from tests.harness.background import BackgroundAMI
from tests.harness.frames import replace_action_id, transcript_body
from tests.harness.queues import QueueMembers
from tests.live.feeding import running_bridge
from tests.wallboard.spying import session_on_anna

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(60),
    pytest.mark.usefixtures("close_db_threads"),
]


def test_the_wallboard_registers_its_subscriber_with_the_bridge() -> None:
    assert SUBSCRIBER_NAME in {subscriber.name for subscriber in registered()}


async def test_spy_sessions_follow_the_recorded_spy_calls_the_bridge_delivers(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], asterisk_fixtures: Path
) -> None:
    whisper = await sync_to_async(session_on_anna)(center, SPY_ACTION_PREFIX + "qw", "whisper")
    barge = await sync_to_async(session_on_anna)(center, SPY_ACTION_PREFIX + "qB", "barge")
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(GROUP, channel)

    body = transcript_body((asterisk_fixtures / "transcripts" / "s06_spy.ami").read_bytes())
    for mode in ("qw", "qB"):
        body = replace_action_id(body, f"s06-spy-{mode}", SPY_ACTION_PREFIX + mode)
    async with running_bridge("node1", fixture_ami.push) as running:
        await running.deliver("node1", body)
    published: dict[int, list[str]] = {}
    while not (
        published.get(whisper.pk, [""])[-1] == "ended" and published.get(barge.pk, [""])[-1] == "ended"
    ):
        message = await asyncio.wait_for(layer.receive(channel), 10)
        spy = message["spy"]
        published.setdefault(spy["id"], []).append(spy["status"])
    # Each session: the phone answered (OriginateResponse), ChanSpy attached, then it ended.
    assert published[whisper.pk] == ["requested", "active", "ended"]
    assert published[barge.pk] == ["requested", "active", "ended"]
    ends = await sync_to_async(
        lambda: sorted(
            AuditEntry.objects.filter(action="wallboard.spy.end").values_list("changes__mode", flat=True)
        )
    )()
    assert ends == ["barge", "whisper"]
    assert await sync_to_async(active_spies)() == []


def _active_session(center: dict[str, Any], action_id: str, spyer_channel: str) -> SpySession:
    session = session_on_anna(center, action_id, "listen")
    SpySession.objects.filter(pk=session.pk).update(
        status=SpySession.Status.ACTIVE, spyer_channel=spyer_channel, started_at=session.requested_at
    )
    return session


async def test_a_session_active_before_the_bridge_started_ends_on_its_hangup(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    # The bridge (re)started while a supervisor was listening: its Hangup must still end the session.
    channel = "Local/900@supervisor-0000000d;1"
    session = await sync_to_async(_active_session)(center, SPY_ACTION_PREFIX + "before", channel)
    hangup = f"Event: Hangup\r\nPrivilege: call,all\r\nChannel: {channel}\r\nCause: 16\r\n\r\n".encode()
    tracker = SpyTracker()
    async with running_bridge("node1", fixture_ami.push, subscribers=[subscriber(tracker)]) as running:
        await running.bridge("node1").subscribers_settled()  # the resync notice has been handled
        assert channel in tracker.spyer_channels
        await running.deliver("node1", hangup)
    ended = await sync_to_async(SpySession.objects.get)(pk=session.pk)
    assert (ended.status, ended.ended_at is not None) == (SpySession.Status.ENDED, True)
