"""The statistics API refuses dates outside the accepted range with a 400 naming it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.harness.personas import api_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/stats/calls/", "/api/stats/queue-report/"])
@pytest.mark.parametrize(
    ("day", "tz"),
    [("9999-12-31", "Pacific/Kiritimati"), ("9999-12-31", "UTC"), ("0001-01-01", "Europe/Moscow")],
)
def test_a_period_outside_the_range_is_refused(manager_user: Any, url: str, day: str, tz: str) -> None:
    response = api_client(manager_user).get(url, {"date_from": day, "date_to": day, "tz": tz})
    assert response.status_code == 400
    message = f"{day} is out of range: give a date from 1970-01-01 to 2100-12-31."
    assert [error["message"] for error in response.json()["date_from"]] == [message]
    assert [error["message"] for error in response.json()["date_to"]] == [message]


def test_the_queue_report_of_the_last_accepted_day_is_empty(manager_user: Any) -> None:
    response = api_client(manager_user).get(
        "/api/stats/queue-report/",
        {"date_from": "2100-12-31", "date_to": "2100-12-31", "tz": "Pacific/Kiritimati"},
    )
    assert response.status_code == 200
    assert response.json() == {
        "from": "2100-12-31",
        "to": "2100-12-31",
        "tz": "Pacific/Kiritimati",
        "queues": {},
        "agents": {},
    }
