"""Celery tasks of the dialer: thin wrappers around the pacing loop and the housekeeping actions."""

from __future__ import annotations

from celery import shared_task

from callcenter.dialer import actions, loop


@shared_task(name="callcenter.dialer.schedule_campaigns", ignore_result=True)
def schedule_campaigns() -> int:
    """Queue one pacing loop per running campaign (beat runs this every few seconds)."""
    ids = loop.running_campaign_ids()
    for campaign_id in ids:
        pace_campaign.delay(campaign_id)
    return len(ids)


@shared_task(name="callcenter.dialer.pace_campaign", ignore_result=True)
def pace_campaign(campaign_id: int, duration_s: float = 55.0) -> int:
    return loop.run_campaign_loop(campaign_id, duration_s=duration_s)


@shared_task(name="callcenter.dialer.settle_unknown", ignore_result=True)
def settle_unknown() -> int:
    return actions.settle_unknown()
