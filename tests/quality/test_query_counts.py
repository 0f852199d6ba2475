"""Query-count guards of quality's lists (REST and pages): a page of several rows costs a fixed number of
queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.quality.models import Evaluation, RetentionRule
from tests.factories import AgentFactory, QueueFactory
from tests.harness.queries import ROWS, api_rows, page_html
from tests.quality.factories import (
    T0,
    EvaluationFactory,
    EvaluationFormFactory,
    FormSectionFactory,
    QuestionFactory,
    RecordingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def quality_rows(admin_user: User) -> None:
    """ROWS agents with a recording each, scored on one of ROWS forms (two sections of two questions each),
    and a retention rule per queue."""
    for n in range(ROWS):
        form = EvaluationFormFactory.create()
        for _ in range(2):
            QuestionFactory.create_batch(2, section=FormSectionFactory.create(form=form))
        agent = AgentFactory.create()
        recording = RecordingFactory.create(
            agent=agent.member_name, agent_ref=agent, started_at=T0 + dt.timedelta(hours=n)
        )
        EvaluationFactory.create(
            recording=recording,
            form=form,
            evaluator=admin_user,
            status=Evaluation.Status.CLOSED,
            score=Decimal(80),
        )
        RetentionRule.objects.create(queue=QueueFactory.create(), days=30 + n)


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [
        ("/api/quality/recordings/", 2),
        ("/api/quality/forms/", 4),
        ("/api/quality/sections/", 3),
        ("/api/quality/questions/", 2),
        ("/api/quality/evaluations/", 3),
        ("/api/quality/retention/", 2),
    ],
)
def test_a_list_page_costs_a_fixed_number_of_queries(
    admin_api: APIClient,
    quality_rows: None,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    url: str,
    max_queries: int,
) -> None:
    assert len(api_rows(admin_api, url, max_queries, django_assert_max_num_queries)) >= ROWS


def test_the_agent_scores_cost_a_fixed_number_of_queries(
    admin_api: APIClient, quality_rows: None, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_max_num_queries(2):
        response = admin_api.get(
            "/api/quality/agent-scores/", {"date_from": "2026-11-23", "date_to": "2026-11-23", "tz": "UTC"}
        )
    assert len(response.json()["agents"]) == ROWS


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [("/quality/recordings/", 4), ("/quality/evaluations/", 4), ("/quality/forms/", 3)],
)
def test_a_list_page_renders_in_a_fixed_number_of_queries(
    client: Client,
    admin_user: User,
    quality_rows: None,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    url: str,
    max_queries: int,
) -> None:
    client.force_login(admin_user)
    html = page_html(client, url, max_queries, django_assert_max_num_queries)
    assert html.count("<tr") > ROWS
