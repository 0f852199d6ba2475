"""The agent's page: joining a campaign is audited, and only a campaign the agent sees can be joined."""

from __future__ import annotations

import pytest
from django.urls import reverse

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.dialer.models import Campaign, DialerAgentState
from tests.dialer.conftest import campaign_agent, make_campaign
from tests.harness import personas

pytestmark = pytest.mark.urls("tests.dialer.urls_dialer")


@pytest.fixture
def anna(campaign: Campaign) -> User:
    """Anna, an agent who works campaign "spring"."""
    return campaign_agent(campaign, "anna")


def test_joining_a_campaign_makes_the_agent_ready_and_is_audited(anna: User, campaign: Campaign) -> None:
    client = personas.web_client(anna)
    response = client.post(reverse("dialer:agent-join"), {"campaign": campaign.pk})
    assert response.status_code == 302
    state = DialerAgentState.objects.get(agent__user=anna)
    assert (state.status, state.campaign) == ("ready", campaign)
    entry = AuditEntry.objects.get(action="dialer.agent_join")
    assert (entry.actor, entry.changes) == (anna, {"campaign": "spring"})


def test_a_campaign_the_agent_does_not_work_cannot_be_joined(anna: User, campaign: Campaign) -> None:
    elsewhere = make_campaign("autumn")
    client = personas.web_client(anna)
    response = client.post(reverse("dialer:agent-join"), {"campaign": elsewhere.pk})
    assert response.status_code == 404
    assert not DialerAgentState.objects.exists()
    assert not AuditEntry.objects.filter(action="dialer.agent_join").exists()


def test_a_user_without_an_agent_has_no_dialer_page(manager_user: User) -> None:
    assert personas.web_client(manager_user).get(reverse("dialer:agent")).status_code == 403
