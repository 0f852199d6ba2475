"""Query-count guards: a list page read within a fixed number of queries, whatever its number of rows."""

from __future__ import annotations

from typing import Any

from django.test import Client
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

# Rows behind each guarded list: more than any slack in a bound, so one query per row always exceeds it.
ROWS = 4


def api_rows(api: APIClient, url: str, max_queries: int, guard: DjangoAssertNumQueries) -> list[Any]:
    """The rows of one API list page (paginated or not), read within ``max_queries`` queries."""
    with guard(max_queries):
        response = api.get(url)
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    return list(body["results"] if isinstance(body, dict) and "results" in body else body)


def page_html(client: Client, url: str, max_queries: int, guard: DjangoAssertNumQueries) -> str:
    """One HTML list page, rendered within ``max_queries`` queries."""
    with guard(max_queries):
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()
