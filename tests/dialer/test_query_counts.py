"""Query-count guards of the dialer's lists (REST and the campaigns page): a page of several rows costs a
fixed number of queries."""

from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.dialer.models import DNCEntry
from tests.dialer.conftest import make_attempt, make_campaign, make_leads, make_ready_agents
from tests.harness import personas
from tests.harness.queries import ROWS, api_rows, page_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def dialer_rows(db: None) -> None:
    """ROWS campaigns, each with ROWS leads, an attempt per lead by one of its agents and a DNC entry."""
    for n in range(ROWS):
        campaign = make_campaign(f"wave{n}")
        agent = make_ready_agents(campaign, 1)[0]
        for lead in make_leads(campaign, ROWS, start=n * ROWS):
            make_attempt(campaign, lead, agent=agent)
        DNCEntry.objects.create(phone=f"+7495200000{n}", campaign=campaign, reason="asked")


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [
        ("/api/dialer/campaigns/", 3),
        ("/api/dialer/leads/", 2),
        ("/api/dialer/attempts/", 2),
        ("/api/dialer/dnc/", 2),
    ],
)
def test_a_list_page_costs_a_fixed_number_of_queries(
    admin_api: APIClient,
    dialer_rows: None,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    url: str,
    max_queries: int,
) -> None:
    assert len(api_rows(admin_api, url, max_queries, django_assert_max_num_queries)) >= ROWS


def test_the_campaigns_page_costs_a_fixed_number_of_queries(
    admin_user: User, dialer_rows: None, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    html = page_html(personas.web_client(admin_user), "/dialer/", 3, django_assert_max_num_queries)
    assert all(f"wave{n}" in html for n in range(ROWS))


def test_the_monitor_lists_the_agents_in_a_fixed_number_of_queries(
    admin_user: User, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    campaign = make_campaign()
    agents = make_ready_agents(campaign, ROWS)
    html = page_html(
        personas.web_client(admin_user), f"/dialer/campaigns/{campaign.pk}/", 9, django_assert_max_num_queries
    )
    assert all(agent.display_name in html for agent in agents)
