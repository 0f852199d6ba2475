"""The agents API takes text bound for Asterisk as it was sent (surrounding whitespace is not stripped),
and pause limits as numbers of minutes within their bounds."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from callcenter.agents.models import PauseReason

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("field", "value"), [("extension", "1002\n"), ("member_name", "Agent 1002\n")])
def test_a_trailing_newline_is_refused_not_stripped(
    admin_api: APIClient, center: Any, field: str, value: str
) -> None:
    anna = center["anna"]
    before = getattr(anna, field)
    response = admin_api.patch(f"/api/agents/{anna.pk}/", {field: value}, format="json")
    assert response.status_code == 400
    assert "contains the forbidden character newline" in response.json()[field][0]
    anna.refresh_from_db()
    assert getattr(anna, field) == before


def test_a_pause_limit_is_a_number_of_minutes_and_may_be_a_fraction(admin_api: APIClient) -> None:
    created = admin_api.post(
        "/api/pause-reasons/", {"code": "smoke", "label": "Smoke", "max_minutes": 0.5}, format="json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["max_minutes"] == 0.5
    assert PauseReason.objects.get(code="smoke").limit_s == 30.0


@pytest.mark.parametrize("value", [0.05, 0, -1, 1441, "NaN", "Infinity", "ten"])
def test_a_pause_limit_out_of_range_is_refused(admin_api: APIClient, value: float | int | str) -> None:
    response = admin_api.post(
        "/api/pause-reasons/", {"code": "bad", "label": "Bad", "max_minutes": value}, format="json"
    )
    assert response.status_code == 400
    assert "max_minutes" in response.json()
    assert not PauseReason.objects.filter(code="bad").exists()
