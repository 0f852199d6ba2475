"""Query-count guards of the wallboard's lists (contacts, CRM links, tiers, the floor API): a page of several
rows costs a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from callcenter.stats.models import Callback
from callcenter.wallboard.models import CRMLink, SpySession
from tests.factories import (
    AgentFactory,
    AsteriskServerFactory,
    CallbackFactory,
    ContactFactory,
    ContactTierFactory,
    QueueFactory,
    QueueMembershipFactory,
)
from tests.harness import personas
from tests.harness.queries import ROWS, api_rows, page_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def wallboard_rows(center: dict[str, Any]) -> dict[str, Any]:
    """ROWS queues with a CRM link, a tier and a contact in it, an agent of team North in each queue with a
    spy session on them, and ROWS callbacks for Ivan's team."""
    for n in range(ROWS):
        queue = QueueFactory.create()
        CRMLink.objects.create(queue=queue, url_template=f"https://crm{n}.example/find?phone={{number}}")
        tier = ContactTierFactory.create(queue=queue)
        ContactFactory.create(tier=tier)
        agent = AgentFactory.create(team=center["north"])
        QueueMembershipFactory.create(agent=agent, queue=queue)
        SpySession.objects.create(
            supervisor=center["sam"], agent=agent, server="node1", mode="listen", action_id=f"spy-{n}"
        )
        CallbackFactory.create(queue="support", team=center["north"])
    return center


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [
        ("/api/contacts/", 2),
        ("/api/crm-links/", 2),
        ("/api/contact-tiers/", 2),
        ("/api/floor/agents/", 3),
        ("/api/floor/spy-sessions/", 2),
    ],
)
def test_a_list_page_costs_a_fixed_number_of_queries(
    admin_api: APIClient,
    wallboard_rows: dict[str, Any],
    django_assert_max_num_queries: DjangoAssertNumQueries,
    url: str,
    max_queries: int,
) -> None:
    assert len(api_rows(admin_api, url, max_queries, django_assert_max_num_queries)) >= ROWS


def test_an_agents_callback_list_costs_a_fixed_number_of_queries(
    wallboard_rows: dict[str, Any], django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    api = personas.api_client(wallboard_rows["agent_user"])
    assert len(api_rows(api, "/api/floor/callbacks/", 3, django_assert_max_num_queries)) >= ROWS


def test_the_live_node_list_costs_a_fixed_number_of_queries(
    admin_api: APIClient, center: dict[str, Any], django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for n in range(ROWS):
        AsteriskServerFactory.create(name=f"node{n}")
    assert len(api_rows(admin_api, "/api/live/", 7, django_assert_max_num_queries)) >= ROWS


def test_the_agent_page_lists_the_callbacks_in_a_fixed_number_of_queries(
    client: Client, wallboard_rows: dict[str, Any], django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(wallboard_rows["agent_user"])
    html = page_html(client, "/wallboard/agent/", 9, django_assert_max_num_queries)
    callbacks = Callback.objects.filter(team=wallboard_rows["north"])
    assert all(entry.number in html for entry in callbacks)
