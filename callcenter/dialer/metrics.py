"""A campaign's figures for the monitor, the API and the wallboard tile (reads only)."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from django.db.models import Count, Q
from django.utils import timezone

from callcenter.dialer.models import Attempt, Campaign, DialerAgentState, Lead


class Rates(TypedDict):
    """Dials, answers and abandons since a moment, with the answer and abandon rates."""

    dialed: int
    answered: int
    abandoned: int
    answer_rate_pct: float
    abandon_rate_pct: float


class CampaignMetrics(TypedDict):
    """What the campaign monitor shows."""

    campaign: str
    status: str
    mode: str
    leads_total: int
    leads_finished: int
    progress_pct: float
    leads_by_state: dict[str, int]
    in_flight: int
    dial_level: float
    today: Rates
    last_30_days: Rates
    agents: dict[str, int]
    target_abandon_pct: float
    pacing_gain: float


def campaign_agent_counts(campaign: Campaign) -> dict[str, int]:
    """How many of the campaign's agents are in each dialer status (every status named, 0 if none)."""
    counts = dict(
        DialerAgentState.objects.filter(campaign=campaign).values_list("status").annotate(n=Count("id"))
    )
    return {status: int(counts.get(status, 0)) for status in DialerAgentState.Status.values}


def rates(campaign: Campaign, since: dt.datetime) -> Rates:
    """The campaign's dials since ``since``: how many were answered and abandoned."""
    totals = Attempt.objects.filter(campaign=campaign, originated_at__gte=since).aggregate(
        dialed=Count("id"),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        abandoned=Count("id", filter=Q(abandoned=True)),
    )
    dialed, answered, abandoned = totals["dialed"], totals["answered"], totals["abandoned"]
    return {
        "dialed": dialed,
        "answered": answered,
        "abandoned": abandoned,
        "answer_rate_pct": round(100.0 * answered / dialed, 2) if dialed else 0.0,
        "abandon_rate_pct": round(100.0 * abandoned / answered, 2) if answered else 0.0,
    }


def campaign_metrics(campaign: Campaign, now: dt.datetime | None = None) -> CampaignMetrics:
    """Progress, dial level, answer rate and abandon rates (today and 30 days) and agents' states."""
    now = now or timezone.now()
    day_start = now.astimezone(timezone.get_current_timezone()).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    leads = dict(Lead.objects.filter(campaign=campaign).values_list("state").annotate(n=Count("id")))
    total = sum(leads.values())
    finished = sum(leads.get(state, 0) for state in (Lead.State.DONE, Lead.State.EXHAUSTED, Lead.State.DNC))
    agents = campaign_agent_counts(campaign)
    logged_in = sum(n for status, n in agents.items() if status != DialerAgentState.Status.LOGGED_OUT)
    in_flight = Attempt.objects.filter(campaign=campaign).in_flight().count()
    return {
        "campaign": campaign.name,
        "status": campaign.status,
        "mode": campaign.mode,
        "leads_total": total,
        "leads_finished": finished,
        "progress_pct": round(100.0 * finished / total, 1) if total else 0.0,
        "leads_by_state": {state: int(leads.get(state, 0)) for state in Lead.State.values},
        "in_flight": in_flight,
        "dial_level": round(in_flight / logged_in, 2) if logged_in else 0.0,
        "today": rates(campaign, day_start),
        "last_30_days": rates(campaign, now - dt.timedelta(days=30)),
        "agents": agents,
        "target_abandon_pct": campaign.target_abandon_pct,
        "pacing_gain": round(campaign.pacing_gain, 3),
    }
