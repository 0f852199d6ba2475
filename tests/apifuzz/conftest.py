"""Fixtures of the schema fuzz suite: the data the operations run against, and the admin they run as."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework.authtoken.models import Token

from tests.apifuzz.schema import TOKEN, selected_operations


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With single operations selected, the stateful sequences (which span every operation) are not run."""
    if not selected_operations():
        return
    stateful = [item for item in items if item.name == "test_stateful"]
    if stateful:
        config.hook.pytest_deselected(items=stateful)
        items[:] = [item for item in items if item.name != "test_stateful"]


@pytest.fixture(autouse=True)
def _requests_inside_the_test_transaction() -> Iterator[None]:
    """Keep the database connection open across in-process requests.

    Django closes the connection after each request; in a test that would end the transaction the
    test's data lives in. Django's own test client disconnects the same signal.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_data(admin_user: Any, center: dict[str, Any]) -> dict[str, Any]:
    """The two-team center, and Alice the administrator's API token that every generated request sends."""
    Token.objects.create(user=admin_user, key=TOKEN)
    return center
