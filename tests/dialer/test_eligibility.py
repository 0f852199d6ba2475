"""Whom and when a campaign may dial: its end, caps, the do-not-call lists and the callees' windows."""

from __future__ import annotations

import datetime as dt

import pytest

from callcenter.dialer import eligibility
from callcenter.dialer.models import Attempt, Campaign, DNCEntry, Lead
from tests.dialer.conftest import NOON, make_campaign, make_leads

pytestmark = pytest.mark.django_db


def _dialled(campaign: Campaign, count: int, at: dt.datetime) -> None:
    lead = make_leads(campaign, 1, start=900 + Lead.objects.filter(campaign=campaign).count())[0]
    Attempt.objects.bulk_create(
        [Attempt(campaign=campaign, lead=lead, phone=lead.phone, originated_at=at) for _ in range(count)]
    )


def test_a_campaign_stops_dialing_at_its_end(campaign: Campaign) -> None:
    campaign.ends_at = NOON
    assert eligibility.campaign_may_dial(campaign, NOON - dt.timedelta(seconds=1))
    assert not eligibility.campaign_may_dial(campaign, NOON)


def test_a_campaign_starts_dialing_at_its_start(campaign: Campaign) -> None:
    campaign.starts_at = NOON
    assert not eligibility.campaign_may_dial(campaign, NOON - dt.timedelta(seconds=1))
    assert eligibility.campaign_may_dial(campaign, NOON)


def test_without_caps_there_is_no_limit(campaign: Campaign) -> None:
    _dialled(campaign, 5, NOON)
    assert eligibility.remaining_cap(campaign, NOON) is None


def test_the_tighter_of_the_two_caps_counts(campaign: Campaign) -> None:
    campaign.daily_cap, campaign.total_cap = 10, 4
    _dialled(campaign, 3, NOON)
    assert eligibility.remaining_cap(campaign, NOON) == 1


def test_yesterdays_dials_do_not_count_against_the_daily_cap(campaign: Campaign) -> None:
    campaign.daily_cap = 3
    _dialled(campaign, 3, NOON - dt.timedelta(days=1))
    _dialled(campaign, 1, NOON)
    assert eligibility.remaining_cap(campaign, NOON) == 2


def test_a_cap_overrun_leaves_nothing_rather_than_less_than_nothing(campaign: Campaign) -> None:
    campaign.total_cap = 2
    _dialled(campaign, 5, NOON)
    assert eligibility.remaining_cap(campaign, NOON) == 0


def test_the_global_and_the_campaigns_lists_both_block(campaign: Campaign) -> None:
    other = make_campaign("autumn")
    DNCEntry.objects.create(phone="+74951000001")
    DNCEntry.objects.create(phone="+74951000002", campaign=campaign)
    DNCEntry.objects.create(phone="+74951000003", campaign=other)
    phones = ["+74951000001", "+74951000002", "+74951000003", "+74951000004"]
    assert eligibility.dnc_numbers(campaign, phones) == {"+74951000001", "+74951000002"}
    assert eligibility.is_dnc(other, "+74951000003")
    assert not eligibility.is_dnc(campaign, "+74951000003")


def test_only_zones_of_leads_still_to_call_with_an_open_window_are_named(campaign: Campaign) -> None:
    make_leads(campaign, 1, tz="Europe/Moscow")
    make_leads(campaign, 1, start=1, tz="Asia/Vladivostok")  # 19:00 there: open until 21:00
    make_leads(campaign, 1, start=2, tz="America/New_York")  # 04:00 there: closed
    done = make_leads(campaign, 1, start=3, tz="Asia/Tokyo")[0]
    done.state = "done"
    done.save()
    assert sorted(eligibility.open_time_zones(campaign, NOON)) == ["Asia/Vladivostok", "Europe/Moscow"]
