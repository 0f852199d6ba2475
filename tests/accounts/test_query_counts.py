"""Query-count guard of the users' list endpoint: a page of several rows costs a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from tests.harness.queries import ROWS, api_rows

pytestmark = pytest.mark.django_db


def test_the_user_list_costs_a_fixed_number_of_queries(
    admin_api: APIClient, center: dict[str, Any], django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    assert len(api_rows(admin_api, "/api/users/", 2, django_assert_max_num_queries)) >= ROWS
