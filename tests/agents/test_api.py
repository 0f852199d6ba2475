"""The agents API takes text bound for Asterisk as it was sent: surrounding whitespace is not stripped."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("field", "value"), [("extension", "1002\n"), ("member_name", "Agent 1002\n")])
def test_a_trailing_newline_is_refused_not_stripped(
    admin_user: Any, center: Any, field: str, value: str
) -> None:
    anna = center["anna"]
    before = getattr(anna, field)
    client = APIClient()
    client.force_authenticate(admin_user)
    response = client.patch(f"/api/agents/{anna.pk}/", {field: value}, format="json")
    assert response.status_code == 400
    assert "contains the forbidden character newline" in response.json()[field][0]
    anna.refresh_from_db()
    assert getattr(anna, field) == before
