"""Dialer personas: a running campaign with an Asterisk node, agents and a fixed Monday-noon clock."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.agents.models import Agent
from callcenter.dialer.models import Attempt, Campaign, DialerAgentState, Lead
from callcenter.pbx.models import AsteriskServer
from tests.factories import AgentFactory, AsteriskServerFactory
from tests.harness import personas

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
# Monday 23 November 2026, 12:00 in Moscow: inside the default 09:00-21:00 windows everywhere in Russia's west.
NOON = dt.datetime(2026, 11, 23, 12, 0, tzinfo=MOSCOW)


def make_campaign(name: str = "spring", **fields: Any) -> Campaign:
    values: dict[str, Any] = {
        "name": name,
        "mode": "progressive",
        "status": Campaign.Status.RUNNING,
        "caller_id": "+74950000000",
    }
    values.update(fields)
    campaign = Campaign(**values)
    campaign.save()
    return campaign


def make_leads(campaign: Campaign, count: int, *, start: int = 0, tz: str = "Europe/Moscow") -> list[Lead]:
    return Lead.objects.bulk_create(
        [Lead(campaign=campaign, phone=f"+7495{1000000 + start + n:07d}", tz=tz) for n in range(count)]
    )


def make_attempt(campaign: Campaign, lead: Lead, **fields: Any) -> Attempt:
    """A call of the campaign to the lead's phone, originated at NOON unless ``fields`` say otherwise."""
    values: dict[str, Any] = {"originated_at": NOON, **fields}
    return Attempt.objects.create(campaign=campaign, lead=lead, phone=lead.phone, **values)


def make_answered_attempt(campaign: Campaign, agent: Agent | None = None) -> Attempt:
    """A call to a new lead of the campaign, answered 10 s after NOON (channel 1795355901.32)."""
    lead = make_leads(campaign, 1)[0]
    return make_attempt(
        campaign,
        lead,
        state="answered",
        answered_at=NOON + dt.timedelta(seconds=10),
        uniqueid="1795355901.32",
        agent=agent,
    )


def campaign_agent(campaign: Campaign, username: str) -> User:
    """An agent signing in as ``username`` who works ``campaign`` (so the campaign is visible to them)."""
    user = personas.agent_user(username)
    campaign.agents.add(AgentFactory(user=user))
    return user


def make_ready_agents(campaign: Campaign, count: int) -> list[Any]:
    agents: list[Any] = [AgentFactory() for _ in range(count)]
    for agent in agents:
        DialerAgentState.objects.create(agent=agent, campaign=campaign, status="ready", since=NOON)
    return agents


@pytest.fixture
def noon() -> dt.datetime:
    return NOON


@pytest.fixture
def campaign(db: None) -> Campaign:
    """Campaign "spring": progressive, running, windows 09:00-21:00 every day."""
    return make_campaign()


@pytest.fixture
def node(db: None) -> AsteriskServer:
    return AsteriskServerFactory(name="pbx1")


@pytest.fixture
def dialer_manager(db: None) -> User:
    """Mila the campaign manager."""
    return personas.manager("mila")


@pytest.fixture
def api(dialer_manager: User) -> APIClient:
    """A REST API client signed in as Mila the campaign manager."""
    return personas.api_client(dialer_manager)
