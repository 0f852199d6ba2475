"""The dialer's pacing as one asyncio service (the demo runs it beside the web server; production uses
Celery beat and the dialer worker, ``callcenter.dialer.loop``).

Once a second it runs a pacing tick for every running campaign. It opens no AMI event stream of its own:
the attempts settle from the events the bridge delivers to the dialer's subscriber
(``callcenter.dialer.events``), and each campaign's transport (``loop.transport_for``) dials only while
the bridge's stream of the campaign's node is up, as in production.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from asgiref.sync import sync_to_async

from callcenter.dialer import actions, loop
from callcenter.dialer.models import Campaign
from callcenter.dialer.pacing import PacingEngine, engine_for

logger = logging.getLogger(__name__)
SETTLE_EVERY_S = 60.0


def _tick_all(engines: dict[tuple[int, str], PacingEngine]) -> int:
    sent = 0
    for campaign in Campaign.objects.running().select_related("trunk__server", "queue__server"):
        transport = loop.transport_for(campaign)
        if transport is None or not transport.connected:
            continue
        # One engine per campaign and mode for the life of the service: the predictive gain is learned.
        engine = engines.setdefault((campaign.pk, campaign.mode), engine_for(campaign.mode))
        try:
            sent += actions.pacing_tick(campaign, transport, worker="service", engine=engine)
        except Exception:
            # One campaign's failure (a bad row, a refused login) must not stop the others.
            logger.exception("event=dialer_tick_failed campaign=%s", campaign.name)
    return sent


async def run_dialer(stop: asyncio.Event, *, tick_s: float = 1.0) -> None:
    """Pace every running campaign until ``stop`` is set."""
    engines: dict[tuple[int, str], PacingEngine] = {}
    since_settle = 0.0
    while not stop.is_set():
        try:
            await sync_to_async(_tick_all)(engines)
            since_settle += tick_s
            if since_settle >= SETTLE_EVERY_S:
                since_settle = 0.0
                await sync_to_async(actions.settle_unknown)()
        except Exception:
            logger.exception("event=dialer_service_tick_failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), tick_s)
