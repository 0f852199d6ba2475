"""The pacing loop of one running campaign: a bounded run of ticks, one loop per campaign at a time.

Celery beat starts ``dialer.schedule_campaigns`` every few seconds; it queues one ``dialer.pace_campaign``
per running campaign. The Redis lock keeps a second worker from pacing the same campaign at the same time
(the lead claim is safe anyway; the lock keeps the pacing arithmetic from counting twice).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import redis
import redis.exceptions
from django.conf import settings
from django.utils import timezone

from callcenter.dialer import actions, nodes
from callcenter.dialer.models import Campaign
from callcenter.dialer.pacing import PacingEngine, PredictiveEngine, engine_for
from callcenter.dialer.transport import AMIClientTransport, BridgeLinkTransport, DialerTransport
from callcenter.pbx.models import AsteriskServer

logger = logging.getLogger(__name__)
LOCK_PREFIX = "dialer:pacing:"


def server_for(campaign: Campaign) -> AsteriskServer | None:
    """The Asterisk node that places a campaign's calls: its trunk's, else its queue's, else the first enabled."""
    return nodes.home_node(campaign)


def transport_for(campaign: Campaign) -> DialerTransport | None:
    """Originates through the campaign's node while the bridge reads that node's events; for a node of a
    group, through the group's healthy nodes in turn (``callcenter.dialer.nodes``)."""
    server = server_for(campaign)
    if server is None:
        return None
    if server.group_id is not None:
        return nodes.GroupTransport(nodes.campaign_nodes(campaign))
    return BridgeLinkTransport(AMIClientTransport(server), server.name)


class CampaignLock:
    """A Redis lock held while one worker paces a campaign (no lock without Redis: one process only)."""

    def __init__(self, campaign_id: int, ttl_s: int) -> None:
        self.key = f"{LOCK_PREFIX}{campaign_id}"
        self.ttl_s = ttl_s
        self._lock: object | None = None

    def acquire(self) -> bool:
        if not settings.REDIS_URL:
            return True
        client = redis.Redis.from_url(settings.REDIS_URL)
        lock = client.lock(self.key, timeout=self.ttl_s, blocking=False)
        if not lock.acquire(blocking=False):
            return False
        self._lock = lock
        return True

    def release(self) -> None:
        lock = self._lock
        self._lock = None
        if lock is not None:
            try:
                lock.release()  # type: ignore[attr-defined]
            except redis.exceptions.LockError:
                logger.warning("pacing lock %s expired before release", self.key)


def run_campaign_loop(
    campaign_id: int,
    *,
    duration_s: float = 55.0,
    tick_s: float = 1.0,
    transport: DialerTransport | None = None,
    engine: PacingEngine | None = None,
    stop: threading.Event | None = None,
    monotonic: Callable[[], float] = time.monotonic,
) -> int:
    """Pace one campaign for up to ``duration_s``; returns the number of calls originated."""
    lock = CampaignLock(campaign_id, ttl_s=int(duration_s + 30))
    if not lock.acquire():
        return 0
    stop = stop or threading.Event()
    worker = f"celery:{campaign_id}:{int(time.time())}"
    sent = 0
    try:
        campaign = Campaign.objects.select_related("trunk__server", "queue__server").get(pk=campaign_id)
        transport = transport or transport_for(campaign)
        if transport is None:
            logger.warning("campaign %s has no Asterisk server to dial through", campaign.name)
            return 0
        engine = engine or engine_for(campaign.mode)
        if isinstance(engine, PredictiveEngine):
            # The controller's learning survives from one bounded run to the next.
            engine.gain = campaign.pacing_gain
        deadline = monotonic() + duration_s
        while not stop.is_set() and monotonic() < deadline:
            campaign.refresh_from_db(
                fields=[
                    "status",
                    "mode",
                    "target_abandon_pct",
                    "max_dial_ratio",
                    "daily_cap",
                    "total_cap",
                    "starts_at",
                    "ends_at",
                ]
            )
            if campaign.status != Campaign.Status.RUNNING or not transport.connected:
                break
            sent += actions.pacing_tick(campaign, transport, worker=worker, engine=engine, now=timezone.now())
            stop.wait(tick_s)
        if isinstance(engine, PredictiveEngine):
            actions.record_pacing_gain(campaign_id, engine.gain)
    finally:
        lock.release()
    return sent


def running_campaign_ids() -> list[int]:
    return list(Campaign.objects.running().values_list("pk", flat=True))
