"""The dialer API: a lead filter that is not a campaign id, and campaign times out of range, are refused."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from tests.harness import personas

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "abc", "-1", "9" * 5000])
def test_a_campaign_filter_that_is_not_an_id_is_refused(manager_user: User, value: str) -> None:
    response = personas.api_client(manager_user).get("/api/dialer/leads/", {"campaign": value})
    assert response.status_code == 400
    assert response.json() == {"campaign": ["Give the id of a campaign (a whole number)."]}


def test_a_campaign_filter_with_an_unknown_id_lists_nothing(manager_user: User) -> None:
    response = personas.api_client(manager_user).get("/api/dialer/leads/", {"campaign": "99999999999999999"})
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("value", ["9999-12-31T09:00:00+03:00", "1969-12-31T09:00:00Z"])
def test_a_campaign_start_outside_the_range_is_refused(api: APIClient, campaign: Any, value: str) -> None:
    before = campaign.starts_at
    response = api.patch(f"/api/dialer/campaigns/{campaign.pk}/", {"starts_at": value}, format="json")
    assert response.status_code == 400
    assert "is out of range: give a date from 1970-01-01 to 2100-12-31." in response.json()["starts_at"][0]
    campaign.refresh_from_db()
    assert campaign.starts_at == before
