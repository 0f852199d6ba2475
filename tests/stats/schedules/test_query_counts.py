"""Query-count guards of the report schedules (REST list and page): several schedules cost a fixed number of
queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.stats.schedules import actions
from tests.harness.queries import ROWS, api_rows, page_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedules(admin_user: User, make_schedule: Callable[..., Any], refused_smtp: int) -> None:
    """ROWS schedules, each run once with its delivery refused by the mail server (so it has a last one)."""
    for n in range(ROWS):
        make_schedule(
            admin_user, name=f"Summary {n}", queues=["support"], recipients=[f"boss{n}@example.com"]
        )
    actions.process(datetime(2026, 11, 24, 5, 0, tzinfo=UTC))


def test_the_schedule_list_costs_a_fixed_number_of_queries(
    admin_api: APIClient, schedules: None, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    rows = api_rows(admin_api, "/api/report-schedules/", 3, django_assert_max_num_queries)
    assert len(rows) == ROWS
    assert all(row["last_delivery"]["status"] == "pending" for row in rows)


def test_the_schedules_page_costs_a_fixed_number_of_queries(
    client: Client, admin_user: User, schedules: None, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(admin_user)
    html = page_html(client, "/reports/schedules/", 6, django_assert_max_num_queries)
    assert all(f"Summary {n}" in html for n in range(ROWS))
