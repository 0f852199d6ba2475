"""Whom and when a campaign may dial: do-not-call lists, call windows, business hours and caps (reads only)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from callcenter.dialer.models import Attempt, Campaign, DNCEntry, Lead

CLAIMABLE_STATES = (Lead.State.NEW, Lead.State.RETRY, Lead.State.CALLBACK)


def dnc_numbers_query(campaign: Campaign) -> QuerySet[DNCEntry, Any]:
    """The numbers on the global or this campaign's do-not-call list, as a subquery."""
    return DNCEntry.objects.filter(Q(campaign__isnull=True) | Q(campaign=campaign)).values("phone")


def dnc_numbers(campaign: Campaign, phones: Iterable[str]) -> set[str]:
    """Those of ``phones`` on the global or this campaign's do-not-call list."""
    return set(
        DNCEntry.objects.filter(
            Q(campaign__isnull=True) | Q(campaign=campaign), phone__in=list(phones)
        ).values_list("phone", flat=True)
    )


def is_dnc(campaign: Campaign, phone: str) -> bool:
    return bool(dnc_numbers(campaign, [phone]))


def open_time_zones(campaign: Campaign, now: dt.datetime) -> list[str]:
    """The lead time-zone values of this campaign whose call window is open now."""
    zones = (
        Lead.objects.filter(campaign=campaign, state__in=CLAIMABLE_STATES)
        .values_list("tz", flat=True)
        .distinct()
    )
    return [zone for zone in zones if campaign.window_open(now, zone or campaign.time_zone)]


def remaining_cap(campaign: Campaign, now: dt.datetime) -> int | None:
    """How many more dials the daily and total caps allow (None: no cap)."""
    limits: list[int] = []
    if campaign.daily_cap:
        day_start = now.astimezone(timezone.get_current_timezone()).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        today = Attempt.objects.filter(campaign=campaign, originated_at__gte=day_start).count()
        limits.append(campaign.daily_cap - today)
    if campaign.total_cap:
        limits.append(campaign.total_cap - Attempt.objects.filter(campaign=campaign).count())
    return max(0, min(limits)) if limits else None


def hours_open(campaign: Campaign, now: dt.datetime) -> bool:
    """Whether the campaign's business hours (if it has any) are open: a weekday rule holds ``now`` in the
    schedule's time zone, and that day is none of the schedule's holidays."""
    schedule = campaign.schedule
    if schedule is None:
        return True
    local = now.astimezone(zoneinfo.ZoneInfo(schedule.time_zone))
    if schedule.holidays.filter(date=local.date()).exists():
        return False
    clock = local.time().replace(tzinfo=None)
    return schedule.rules.filter(weekday=local.weekday(), opens__lte=clock, closes__gt=clock).exists()


def campaign_may_dial(campaign: Campaign, now: dt.datetime) -> bool:
    """Running, within its start and end, and inside its business hours."""
    if campaign.status != Campaign.Status.RUNNING:
        return False
    if campaign.starts_at and now < campaign.starts_at:
        return False
    if campaign.ends_at and now >= campaign.ends_at:
        return False
    return hours_open(campaign, now)
