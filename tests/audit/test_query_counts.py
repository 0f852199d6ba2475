"""Query-count guard of the audit log's list endpoint: a page of several rows costs a fixed number of queries."""

from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.audit.actions import record
from tests.harness.queries import ROWS, api_rows

pytestmark = pytest.mark.django_db


def test_the_audit_list_costs_a_fixed_number_of_queries(
    admin_api: APIClient, admin_user: User, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for n in range(ROWS):
        record(admin_user, "update", detail=f"change {n}")
    assert len(api_rows(admin_api, "/api/audit/", 2, django_assert_max_num_queries)) >= ROWS
