"""Query-count guards of payroll's lists (REST and pages): a page of several rows costs a fixed number of
queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.payroll import actions
from callcenter.stats.models import AgentSession
from tests.harness import personas
from tests.harness.queries import ROWS, api_rows, page_html

pytestmark = pytest.mark.django_db

# The HTML of the page at a URL, which must render within a number of queries.
PageReader = Callable[[str, int], str]

NOVEMBER = {"date_from": "2026-11-01", "date_to": "2026-11-30", "tz": "Europe/Moscow", "schedule": "main"}


@pytest.fixture
def payroll_api(payroll_user: User) -> APIClient:
    return personas.api_client(payroll_user)


@pytest.fixture
def payroll_rows(payroll_data: dict[str, Any], payroll_user: User) -> dict[str, Any]:
    """A correction of every session of November, then ROWS closed months before it."""
    sessions = AgentSession.objects.filter(started_at__date__gte=dt.date(2026, 11, 1)).exclude(
        interface__contains="1999"
    )
    for session in sessions:
        start = session.started_at - dt.timedelta(minutes=5)
        actions.correct_session(
            payroll_user,
            session,
            started_at=start,
            ended_at=start + dt.timedelta(hours=1),
            reason="Late log-in",
        )
    for month in range(11 - ROWS, 11):
        first = dt.date(2026, month, 1)
        last = dt.date(2026, month + 1, 1) - dt.timedelta(days=1)
        actions.close_period(payroll_user, first, last, tz="Europe/Moscow", schedule="main")
    return payroll_data


@pytest.fixture
def payroll_page(
    client: Client,
    payroll_user: User,
    payroll_rows: dict[str, Any],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> PageReader:
    """Reads a page of the payroll rows as Polina, within a number of queries."""
    client.force_login(payroll_user)

    def read(url: str, max_queries: int) -> str:
        return page_html(client, url, max_queries, django_assert_max_num_queries)

    return read


@pytest.mark.parametrize(
    ("url", "max_queries"), [("/api/payroll/corrections/", 2), ("/api/payroll/periods/", 2)]
)
def test_a_list_page_costs_a_fixed_number_of_queries(
    payroll_api: APIClient,
    payroll_rows: dict[str, Any],
    django_assert_max_num_queries: DjangoAssertNumQueries,
    url: str,
    max_queries: int,
) -> None:
    assert len(api_rows(payroll_api, url, max_queries, django_assert_max_num_queries)) >= ROWS


def test_the_export_costs_a_fixed_number_of_queries(
    payroll_api: APIClient,
    payroll_rows: dict[str, Any],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_max_num_queries(22):
        response = payroll_api.get("/api/payroll/export/", NOVEMBER)
    assert response.status_code == 200
    assert len(response.json()["employees"]) >= 3


def test_the_sessions_page_costs_a_fixed_number_of_queries(
    payroll_page: PageReader, payroll_rows: dict[str, Any]
) -> None:
    url = f"/payroll/sessions/?agent={payroll_rows['ivan'].pk}&date_from=2026-11-01&date_to=2026-11-30"
    assert payroll_page(url, 7).count("Late log-in") >= ROWS


def test_the_periods_page_costs_a_fixed_number_of_queries(payroll_page: PageReader) -> None:
    html = payroll_page("/payroll/periods/", 4)
    assert all(f"2026-{month:02d}-01" in html for month in range(11 - ROWS, 11))


def test_the_export_page_costs_a_fixed_number_of_queries(payroll_page: PageReader) -> None:
    query = "&".join(f"{key}={value}" for key, value in NOVEMBER.items())
    html = payroll_page(f"/payroll/?{query}", 27)
    assert all(name in html for name in ("Ivan Petrov", "Anna Smirnova", "Olga Ivanova"))
