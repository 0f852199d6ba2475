"""The spy watcher: recorded ChanSpy events over a real AMI connection move the session and reach the board."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from callcenter.ami.sync import client_for
from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import AsteriskServer
from callcenter.wallboard.models import SpySession
from callcenter.wallboard.spies import GROUP, SpyWatcher, active_spies

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(60),
    pytest.mark.usefixtures("close_db_threads"),
]


def _session(center, action_id: str, mode: str) -> SpySession:
    return SpySession.objects.create(
        supervisor=center["sam"],
        agent=center["anna"],
        server="node1",
        mode=mode,
        action_id=action_id,
        supervisor_channel="Local/900@supervisor",
        spyee="Local/1002@agents",
    )


async def test_watcher_follows_recorded_spy_calls_and_publishes(center, fixture_ami, asterisk_fixtures):
    whisper = await sync_to_async(_session)(center, "s06-spy-qw", "whisper")
    barge = await sync_to_async(_session)(center, "s06-spy-qB", "barge")
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(GROUP, channel)

    server = await sync_to_async(AsteriskServer.objects.get)(name="node1")
    watcher = SpyWatcher("node1", action_prefix="s06-spy-")
    client = client_for(server, ping_interval=0, reconnect=False)
    client.add_event_listener(watcher.on_event)
    stop = asyncio.Event()
    await client.connect()
    runner = asyncio.create_task(watcher.run(stop))
    try:
        recorded = (asterisk_fixtures / "transcripts" / "s06_spy.ami").read_bytes()
        fixture_ami.push(recorded.split(b"\r\n", 1)[1])  # without the banner line: the client has had one
        published: dict[int, list[str]] = {}
        while not (
            published.get(whisper.pk, [""])[-1] == "ended" and published.get(barge.pk, [""])[-1] == "ended"
        ):
            message = await asyncio.wait_for(layer.receive(channel), 10)
            spy = message["spy"]
            published.setdefault(spy["id"], []).append(spy["status"])
    finally:
        stop.set()
        await runner
        await client.close()
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
