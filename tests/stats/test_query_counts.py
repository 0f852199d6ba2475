"""Query-count guards of the statistics lists (REST and report pages): a page of several rows costs a fixed
number of queries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.stats.loader import load_file
from callcenter.stats.models import ReportRun
from tests.factories import AgentFactory, CallbackFactory, TeamFactory
from tests.harness.queries import ROWS, api_rows, page_html
from tests.stats.scenario import LINES

pytestmark = pytest.mark.django_db

DAY = "date_from=2026-11-23&date_to=2026-11-23&tz=UTC"


@pytest.fixture
def stats_rows(write_log: Callable[..., Path], admin_user: User) -> None:
    """The recorded day's calls, ROWS callbacks (assigned to an agent of a team) and ROWS report runs."""
    load_file(write_log(LINES), "pbx1")
    for _ in range(ROWS):
        team = TeamFactory.create()
        CallbackFactory.create(agent=AgentFactory.create(team=team), team=team)
        ReportRun.objects.create(kind="summary", fmt="csv", params={}, created_by=admin_user)


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [
        (f"/api/stats/calls/?{DAY}", 3),
        ("/api/stats/report-runs/", 2),
        ("/api/callbacks/", 2),
    ],
)
def test_a_list_page_costs_a_fixed_number_of_queries(
    admin_api: APIClient,
    stats_rows: None,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    url: str,
    max_queries: int,
) -> None:
    assert len(api_rows(admin_api, url, max_queries, django_assert_max_num_queries)) >= ROWS


def test_the_queue_report_costs_a_fixed_number_of_queries(
    admin_api: APIClient, stats_rows: None, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    rows: list[Any] = api_rows(
        admin_api, f"/api/stats/queue-report/?{DAY}", 11, django_assert_max_num_queries
    )
    assert rows


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [
        (f"/reports/calls/answered/?{DAY}", 7),
        (f"/reports/calls/unanswered/?{DAY}", 6),
        (f"/reports/agents/?{DAY}", 11),
        ("/reports/callbacks/", 8),
        ("/reports/runs/", 5),
    ],
)
def test_a_report_page_renders_in_a_fixed_number_of_queries(
    client: Client,
    admin_user: User,
    stats_rows: None,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    url: str,
    max_queries: int,
) -> None:
    client.force_login(admin_user)
    assert "<table" in page_html(client, url, max_queries, django_assert_max_num_queries)
