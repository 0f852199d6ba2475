"""The campaign monitor's figures: progress, dial level and agents, and the rates of an idle campaign."""

from __future__ import annotations

from typing import Any

import pytest

from callcenter.dialer.metrics import campaign_agent_counts, campaign_metrics
from callcenter.dialer.models import Attempt, Campaign, DialerAgentState, Lead
from tests.dialer.conftest import NOON, make_leads, make_ready_agents
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db


def test_an_idle_campaign_has_no_rates_and_no_progress(campaign: Campaign) -> None:
    metrics = campaign_metrics(campaign, NOON)
    assert (metrics["leads_total"], metrics["progress_pct"], metrics["dial_level"]) == (0, 0.0, 0.0)
    assert metrics["today"] == {
        "dialed": 0,
        "answered": 0,
        "abandoned": 0,
        "answer_rate_pct": 0.0,
        "abandon_rate_pct": 0.0,
    }


def test_finished_leads_make_the_progress(campaign: Campaign) -> None:
    leads = make_leads(campaign, 4)
    for lead, state in zip(leads, ("done", "exhausted", "dnc", "retry"), strict=True):
        lead.state = state
    Lead.objects.bulk_update(leads, ["state"])
    metrics = campaign_metrics(campaign, NOON)
    assert (metrics["leads_finished"], metrics["progress_pct"]) == (3, 75.0)
    assert metrics["leads_by_state"]["retry"] == 1
    assert metrics["leads_by_state"]["new"] == 0


def test_the_dial_level_is_calls_in_flight_per_logged_in_agent(campaign: Campaign) -> None:
    make_ready_agents(campaign, 2)
    leads = make_leads(campaign, 3)
    Attempt.objects.bulk_create(
        [
            Attempt(campaign=campaign, lead=lead, phone=lead.phone, originated_at=NOON, state=state)
            for lead, state in zip(leads, ("ringing", "answered", "ended"), strict=True)
        ]
    )
    assert campaign_metrics(campaign, NOON)["dial_level"] == 1.0


def test_every_agent_status_is_counted_even_when_none_is_in_it(campaign: Campaign) -> None:
    make_ready_agents(campaign, 2)
    DialerAgentState.objects.create(agent=AgentFactory(), campaign=campaign, status="wrapup", since=NOON)
    assert campaign_agent_counts(campaign) == {"logged_out": 0, "ready": 2, "on_call": 0, "wrapup": 1}


def test_the_figures_take_the_same_queries_whatever_the_campaigns_size(
    campaign: Campaign, django_assert_num_queries: Any
) -> None:
    make_ready_agents(campaign, 3)
    leads = make_leads(campaign, 30)
    Attempt.objects.bulk_create(
        [Attempt(campaign=campaign, lead=lead, phone=lead.phone, originated_at=NOON) for lead in leads]
    )
    # Leads by state, agents by status, calls in flight, and today's and 30 days' rates.
    with django_assert_num_queries(5):
        metrics = campaign_metrics(campaign, NOON)
    assert metrics["today"]["dialed"] == 30
