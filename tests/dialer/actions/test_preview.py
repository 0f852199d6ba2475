"""Preview mode's refusals: the agent dials only the lead they preview, only when it may be called."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from callcenter.agents.models import Agent
from callcenter.dialer import actions
from callcenter.dialer.models import Attempt, Campaign, Lead
from callcenter.dialer.transport import AMIClientTransport
from callcenter.pbx.models import AsteriskServer
from tests.dialer.conftest import NOON, make_attempt, make_leads
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ivan() -> Agent:
    agent: Agent = AgentFactory.create(interface="PJSIP/1001")
    return agent


@pytest.fixture
def previewed(campaign: Campaign, ivan: Agent) -> Lead:
    """The lead Ivan previews in campaign "spring", its only lead."""
    make_leads(campaign, 1)
    lead = actions.next_preview_lead(ivan, campaign, now=NOON)
    assert lead is not None
    return lead


def _refused_dial(agent: Agent, lead: Lead, node: AsteriskServer) -> str:
    """Click "dial" on the lead; the refusal's message, after checking nothing was dialled."""
    with pytest.raises(ValidationError) as refused:
        actions.dial_preview(agent, lead, AMIClientTransport(node), now=NOON)
    assert not Attempt.objects.filter(lead=lead, worker__startswith="preview:").exists()
    return " ".join(refused.value.messages)


def test_the_next_lead_is_held_for_the_agent_until_dialled(campaign: Campaign, ivan: Agent) -> None:
    make_leads(campaign, 2)
    first = actions.next_preview_lead(ivan, campaign, now=NOON)
    again = actions.next_preview_lead(ivan, campaign, now=NOON)
    assert first is not None and again is not None
    assert again.pk == first.pk
    assert (first.state, first.preview_agent) == (Lead.State.PREVIEW, ivan)
    assert Lead.objects.filter(state=Lead.State.PREVIEW).count() == 1


def test_two_agents_preview_two_different_leads(campaign: Campaign, ivan: Agent) -> None:
    make_leads(campaign, 2)
    anna: Agent = AgentFactory.create()
    mine = actions.next_preview_lead(ivan, campaign, now=NOON)
    hers = actions.next_preview_lead(anna, campaign, now=NOON)
    assert mine is not None and hers is not None
    assert mine.pk != hers.pk


def test_a_paused_campaign_offers_no_lead_to_preview(campaign: Campaign, ivan: Agent) -> None:
    make_leads(campaign, 1)
    campaign.status = Campaign.Status.PAUSED
    campaign.save()
    assert actions.next_preview_lead(ivan, campaign, now=NOON) is None
    assert not Lead.objects.filter(state=Lead.State.PREVIEW).exists()


def test_a_campaign_without_leads_offers_none(campaign: Campaign, ivan: Agent) -> None:
    assert actions.next_preview_lead(ivan, campaign, now=NOON) is None


def test_another_agents_lead_is_refused(campaign: Campaign, previewed: Lead, node: AsteriskServer) -> None:
    make_leads(campaign, 1, start=1)
    anna: Agent = AgentFactory.create()
    assert _refused_dial(anna, previewed, node) == "This lead is not in your preview."
    assert Lead.objects.get(pk=previewed.pk).state == Lead.State.PREVIEW


def test_a_lead_nobody_previews_is_refused(campaign: Campaign, ivan: Agent, node: AsteriskServer) -> None:
    lead = make_leads(campaign, 1)[0]
    assert _refused_dial(ivan, lead, node) == "This lead is not in your preview."
    assert Lead.objects.get(pk=lead.pk).attempts == 0


def test_a_paused_campaign_may_not_dial_the_previewed_lead(
    campaign: Campaign, ivan: Agent, previewed: Lead, node: AsteriskServer
) -> None:
    campaign.status = Campaign.Status.PAUSED
    campaign.save()
    previewed.refresh_from_db()
    assert _refused_dial(ivan, previewed, node) == "The campaign may not call this person now."


def test_a_lead_whose_local_time_is_outside_the_window_is_refused(
    campaign: Campaign, ivan: Agent, previewed: Lead, node: AsteriskServer
) -> None:
    # Noon in Moscow is 21:00 in Kamchatka, where the 09:00-21:00 window has just closed.
    Lead.objects.filter(pk=previewed.pk).update(tz="Asia/Kamchatka")
    previewed.refresh_from_db()
    assert _refused_dial(ivan, previewed, node) == "The campaign may not call this person now."
    assert Lead.objects.get(pk=previewed.pk).state == Lead.State.PREVIEW


def test_a_campaign_at_its_total_cap_is_refused(
    campaign: Campaign, ivan: Agent, previewed: Lead, node: AsteriskServer
) -> None:
    make_attempt(campaign, make_leads(campaign, 1, start=1)[0], state="ended")
    campaign.total_cap = 1
    campaign.save()
    previewed.refresh_from_db()
    assert _refused_dial(ivan, previewed, node) == "The campaign's dialing cap is reached."
