"""Query-count guards of the agents' list endpoints: a page of several rows costs a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from tests.factories import (
    AgentFactory,
    PauseReasonFactory,
    QueueFactory,
    QueueMembershipFactory,
    TeamFactory,
)
from tests.harness import personas
from tests.harness.queries import ROWS, api_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_rows(center: dict[str, Any]) -> None:
    """ROWS more teams, each with a supervisor, a queue, an agent and a membership, and ROWS pause reasons."""
    for n in range(ROWS):
        team = TeamFactory.create()
        team.supervisors.add(personas.supervisor(f"supervisor{n}"))
        queue = QueueFactory.create()
        team.queues.add(queue)
        QueueMembershipFactory.create(agent=AgentFactory.create(team=team), queue=queue)
        PauseReasonFactory.create(code=f"break{n}")


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [("/api/teams/", 4), ("/api/agents/", 2), ("/api/memberships/", 2), ("/api/pause-reasons/", 2)],
)
def test_a_list_page_costs_a_fixed_number_of_queries(
    admin_api: APIClient,
    agent_rows: None,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    url: str,
    max_queries: int,
) -> None:
    assert len(api_rows(admin_api, url, max_queries, django_assert_max_num_queries)) >= ROWS
