"""One round of a campaign's pacing loop, and the predictive engine's learning kept between runs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from callcenter.dialer.actions.callbacks import feed_callbacks
from callcenter.dialer.actions.dialing import dial
from callcenter.dialer.eligibility import campaign_may_dial
from callcenter.dialer.measure import pacing_state
from callcenter.dialer.models import Campaign
from callcenter.dialer.pacing import PacingEngine, engine_for
from callcenter.dialer.transport import DialerTransport


def pacing_tick(
    campaign: Campaign,
    transport: DialerTransport,
    *,
    worker: str,
    engine: PacingEngine | None = None,
    now: dt.datetime | None = None,
) -> int:
    """One round of the pacing loop for a running campaign: measure, decide, dial."""
    now = now or timezone.now()
    if not campaign_may_dial(campaign, now):
        return 0
    feed_callbacks(campaign, now)
    if campaign.mode == "preview":
        return 0  # preview calls are placed by the agent's click
    state = pacing_state(campaign, now, link_up=transport.connected)
    wanted = (engine or engine_for(campaign.mode)).decide(state)
    return dial(campaign, wanted, transport, worker=worker, now=now) if wanted > 0 else 0


def record_pacing_gain(campaign_id: int, gain: float) -> None:
    """Keep the predictive engine's learned gain for the campaign's next run (the dialer loop's own state)."""
    Campaign.objects.filter(pk=campaign_id).update(pacing_gain=gain)
