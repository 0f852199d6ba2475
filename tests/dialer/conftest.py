"""Dialer personas: a running campaign with an Asterisk node, agents and a fixed Monday-noon clock."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest

from callcenter.accounts.models import Role, User
from callcenter.dialer.models import Campaign, DialerAgentState, Lead
from callcenter.pbx.models import AsteriskServer
from tests.factories import AgentFactory, AsteriskServerFactory, UserFactory

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
    return UserFactory(username="mila", role=Role.MANAGER)
