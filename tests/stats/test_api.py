"""REST API of statistics: calls, the queue report JSON, stored reports; role and queue visibility."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from callcenter.stats.api import CallViewSet, QueueReportViewSet, ReportRunViewSet
from callcenter.stats.loader import load_file
from tests.harness.personas import api_client
from tests.stats.scenario import LINES

router = DefaultRouter()
router.register("stats/calls", CallViewSet, basename="stats-call")
router.register("stats/queue-report", QueueReportViewSet, basename="stats-queue-report")
router.register("stats/report-runs", ReportRunViewSet, basename="stats-report-run")
urlpatterns = [path("api/", include(router.urls))]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]
DAY = {"date_from": "2026-11-23", "date_to": "2026-11-23", "tz": "UTC"}


@pytest.fixture
def loaded(write_log: Callable[..., Path]) -> None:
    load_file(write_log(LINES), "pbx1")


def test_calls_of_a_day(manager_user: Any, loaded: None) -> None:
    response = api_client(manager_user).get("/api/stats/calls/", DAY)
    assert response.status_code == 200
    assert response.json()["count"] == 9
    first = response.json()["results"][0]
    assert (first["callid"], first["outcome"], first["wait_s"], first["talk_s"]) == ("c1", "answered", 18, 60)


def test_queue_report_json(manager_user: Any, loaded: None) -> None:
    body = api_client(manager_user).get("/api/stats/queue-report/", DAY).json()
    assert body["queues"]["support"]["offered"] == 8
    assert body["agents"]["Agent 1002"]["missed"] == 1


def test_supervisor_gets_only_their_queues(center: dict[str, Any], loaded: None) -> None:
    response = api_client(center["sam"]).get("/api/stats/calls/", DAY)
    assert {row["queue"] for row in response.json()["results"]} == {"support"}


def test_payroll_and_agents_are_refused(payroll_user: Any, center: dict[str, Any]) -> None:
    assert api_client(payroll_user).get("/api/stats/calls/", DAY).status_code == 403
    assert api_client(center["agent_user"]).get("/api/stats/queue-report/", DAY).status_code == 403


def test_bad_filter_is_a_400(manager_user: Any) -> None:
    assert api_client(manager_user).get("/api/stats/calls/", {**DAY, "tz": "Bad/Zone"}).status_code == 400
