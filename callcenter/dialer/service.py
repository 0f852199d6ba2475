"""The dialer as one asyncio service (the demo runs it beside the web server; production uses Celery).

It keeps one AMI session open to take the dialer's events (OriginateResponse, AgentConnect, Hangup, ...),
and once a second runs a pacing tick for every running campaign. Dialing pauses while that session is
down: events missed meanwhile would leave attempts unsettled, and the link state is the dialer's signal
that Asterisk is reachable at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from asgiref.sync import sync_to_async

from callcenter.ami.protocol import Message
from callcenter.dialer import actions, events, loop
from callcenter.dialer.models import Campaign
from callcenter.dialer.pacing import PacingEngine, engine_for
from callcenter.dialer.transport import DialerTransport, OriginateRequest
from callcenter.pbx.models import AsteriskServer

logger = logging.getLogger(__name__)
SETTLE_EVERY_S = 60.0


class LinkAwareTransport:
    """A transport that reports the long-lived event session's state as the link state."""

    def __init__(self, inner: DialerTransport, link_up: asyncio.Event) -> None:
        self.inner = inner
        self.link_up = link_up

    @property
    def connected(self) -> bool:
        return self.link_up.is_set() and self.inner.connected

    def originate(self, request: OriginateRequest) -> None:
        self.inner.originate(request)


def _first_server() -> AsteriskServer | None:
    return AsteriskServer.objects.filter(enabled=True).order_by("name").first()


def _tick_all(link_up: asyncio.Event, engines: dict[tuple[int, str], PacingEngine]) -> int:
    sent = 0
    for campaign in Campaign.objects.running().select_related("trunk__server", "queue__server"):
        transport = loop.transport_for(campaign)
        if transport is None:
            continue
        # One engine per campaign and mode for the life of the service: the predictive gain is learned.
        engine = engines.setdefault((campaign.pk, campaign.mode), engine_for(campaign.mode))
        try:
            sent += actions.pacing_tick(
                campaign, LinkAwareTransport(transport, link_up), worker="service", engine=engine
            )
        except Exception:
            # One campaign's failure (a bad row, a refused login) must not stop the others.
            logger.exception("event=dialer_tick_failed campaign=%s", campaign.name)
    return sent


async def run_dialer(stop: asyncio.Event, *, tick_s: float = 1.0) -> None:
    """Run until ``stop`` is set."""
    from callcenter.ami.sync import client_for

    server = await sync_to_async(_first_server)()
    if server is None:
        logger.warning("event=dialer_no_server the dialer waits: no enabled Asterisk server")
        await stop.wait()
        return
    client = client_for(server)
    pending: asyncio.Queue[Message] = asyncio.Queue()
    link_up = asyncio.Event()
    engines: dict[tuple[int, str], PacingEngine] = {}

    def on_event(message: Message) -> None:
        if events.wants(message):
            pending.put_nowait(message)

    async def on_connect() -> None:
        link_up.set()

    client.add_event_listener(on_event)
    client.add_connect_listener(on_connect)
    client.add_disconnect_listener(lambda _cause: link_up.clear())

    async def consume() -> None:
        while True:
            message = await pending.get()
            try:
                await events.handle(message)
            except Exception:
                logger.exception("event=dialer_event_failed event=%s", message.event)

    async def pace() -> None:
        since_settle = 0.0
        while not stop.is_set():
            if link_up.is_set():
                await sync_to_async(_tick_all)(link_up, engines)
            since_settle += tick_s
            if since_settle >= SETTLE_EVERY_S:
                since_settle = 0.0
                await sync_to_async(actions.settle_unknown)()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), tick_s)

    tasks = [
        asyncio.create_task(client.run(stop)),
        asyncio.create_task(consume()),
        asyncio.create_task(pace()),
    ]
    try:
        await stop.wait()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await client.close()
