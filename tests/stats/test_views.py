"""Report pages: who may open them, what they show, and the downloads in every format."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from callcenter.stats.actions import load_queue_log
from callcenter.stats.models import Callback, ReportRun
from callcenter.stats.tasks import build_report_run
from tests.factories import UserFactory
from tests.harness.personas import web_client
from tests.stats.scenario import LINES

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.stats.urls")]

DAY_QUERY = {"date_from": "2026-11-23", "date_to": "2026-11-23", "tz": "UTC", "sl": "20,60"}


@pytest.fixture
def loaded(write_log: Callable[..., Path]) -> None:
    load_queue_log(str(write_log(LINES)), "pbx1")


@pytest.mark.parametrize(
    "name",
    [
        "stats:summary",
        "stats:distribution",
        "stats:agents",
        "stats:callbacks",
        "stats:staffing",
        "stats:runs",
    ],
)
def test_pages_open_for_a_manager(name: str, manager_user: Any, loaded: None) -> None:
    response = web_client(manager_user).get(reverse(name), DAY_QUERY)
    assert response.status_code == 200


def test_summary_shows_the_queue_figures(manager_user: Any, loaded: None) -> None:
    response = web_client(manager_user).get(reverse("stats:summary"), DAY_QUERY)
    content = response.content.decode()
    assert response.context["queues"]["support"]["offered"] == 8
    assert 'data-queue="support"' in content and 'data-queue="sales"' in content
    assert "20 s: 50.0% / 25.0%" in content
    assert response.context["missed"] == {"Agent 1002": 1}


def test_call_lists_show_answered_and_unanswered(manager_user: Any, loaded: None) -> None:
    client = web_client(manager_user)
    answered = client.get(reverse("stats:calls", args=["answered"]), DAY_QUERY)
    unanswered = client.get(reverse("stats:calls", args=["unanswered"]), DAY_QUERY)
    assert [c.callid for c in answered.context["page"]] == ["c1", "c5", "c6", "c8", "c10"]
    assert [c.callid for c in unanswered.context["page"]] == ["c2", "c3", "c4", "c7"]
    assert "2000@default" in answered.content.decode()
    # A recorded call's file path is never a link; the player's link is for who may hear it (quality).
    assert "/recordings/c1.wav" not in answered.content.decode()
    assert "recorded" in answered.content.decode()


def test_distribution_page_draws_svg_charts(manager_user: Any, loaded: None) -> None:
    content = web_client(manager_user).get(reverse("stats:distribution"), DAY_QUERY).content.decode()
    assert content.count("<svg") == 3


@pytest.mark.parametrize("role_fixture", ["payroll_user"])
def test_other_roles_are_refused(role_fixture: str, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(role_fixture)
    assert web_client(user).get(reverse("stats:summary")).status_code == 403


def test_an_agent_is_refused(db: None) -> None:
    agent = UserFactory.create(username="agent-a", role="agent")
    assert web_client(agent).get(reverse("stats:summary")).status_code == 403
    assert web_client(agent).get(reverse("stats:download", args=["summary", "csv"])).status_code == 403


def test_anonymous_is_sent_to_login(db: None) -> None:
    response = Client().get(reverse("stats:summary"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_supervisor_sees_only_their_queues(center: dict[str, Any], loaded: None) -> None:
    response = web_client(center["sam"]).get(reverse("stats:summary"), DAY_QUERY)
    assert list(response.context["queues"]) == ["support"]
    asked = web_client(center["sam"]).get(reverse("stats:summary"), {**DAY_QUERY, "queues": "sales"})
    # sales is not among the choices for Sam: the filter is refused, nothing of sales is shown.
    assert asked.status_code == 400
    assert "sales" not in asked.context["queues"]


def test_invalid_filter_is_reported(manager_user: Any) -> None:
    response = web_client(manager_user).get(reverse("stats:summary"), {**DAY_QUERY, "tz": "Mars/Olympus"})
    assert response.status_code == 400
    assert "Unknown time zone." in response.content.decode()


def test_csv_download(manager_user: Any, loaded: None) -> None:
    response = web_client(manager_user).get(reverse("stats:download", args=["summary", "csv"]), DAY_QUERY)
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="summary-2026-11-23.csv"'
    text = response.content.decode("utf-8-sig")
    assert "support,8,4,1,1,1,1,0,0,1,20.75,40,9.0,210.0,50.0,25.0,100.0,50.0,2,3.0" in text


def test_xlsx_download(manager_user: Any, loaded: None) -> None:
    response = web_client(manager_user).get(reverse("stats:download", args=["agents", "xlsx"]), DAY_QUERY)
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Agents"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["Agent 1001"][1:3] == (2, 80)


def test_pdf_download(manager_user: Any, loaded: None) -> None:
    response = web_client(manager_user).get(
        reverse("stats:download", args=["distribution", "pdf"]), DAY_QUERY
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_unknown_report_or_format_is_not_found(manager_user: Any) -> None:
    assert web_client(manager_user).get(reverse("stats:download", args=["secrets", "csv"])).status_code == 404
    assert web_client(manager_user).get(reverse("stats:download", args=["summary", "exe"])).status_code == 404


def test_background_run_reports_progress_and_file(manager_user: Any, loaded: None) -> None:
    client = web_client(manager_user)
    response = client.post(reverse("stats:start_run"), {**DAY_QUERY, "kind": "summary", "fmt": "xlsx"})
    assert response.status_code == 202
    run_id = response.json()["id"]
    status = client.get(response.json()["status_url"]).json()
    assert (status["status"], status["progress"], status["file_url"]) == ("pending", 0, None)
    build_report_run(run_id)  # what the worker does
    status = client.get(reverse("stats:run_status", args=[run_id])).json()
    assert (status["status"], status["progress"]) == ("done", 100)
    download = client.get(status["file_url"])
    assert download.status_code == 200
    assert ReportRun.objects.get(pk=run_id).params["date_from"] == "2026-11-23"


def test_another_users_run_is_hidden_from_a_supervisor(center: dict[str, Any], manager_user: Any) -> None:
    run = ReportRun.objects.create(kind="summary", fmt="csv", params={}, created_by=manager_user)
    assert web_client(center["sam"]).get(reverse("stats:run_status", args=[run.pk])).status_code == 404
    assert web_client(manager_user).get(reverse("stats:run_status", args=[run.pk])).status_code == 200


def test_closing_a_callback_from_the_page(manager_user: Any, loaded: None) -> None:
    client = web_client(manager_user)
    entry = Callback.objects.get(number="5551002")
    response = client.post(
        reverse("stats:close_callback", args=[entry.pk]), {"outcome": "called_back", "note": "ok"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.outcome, entry.closed_by) == ("closed", "called_back", manager_user)
    page = client.get(reverse("stats:callbacks"), DAY_QUERY)
    assert [e["number"] for e in page.context["entries"]] == ["5551004"]


def test_assigning_a_callback_to_a_team_from_the_page(admin_user: Any, loaded: None) -> None:
    from tests.factories import TeamFactory

    team = TeamFactory.create(name="Night")
    entry = Callback.objects.get(number="5551004")
    client = web_client(admin_user)
    response = client.post(reverse("stats:assign_callback", args=[entry.pk]), {"assignee": f"team:{team.pk}"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.team) == ("assigned", team)
    page = client.get(reverse("stats:callbacks"), DAY_QUERY).content.decode()
    assert f'data-callback="{entry.pk}" data-number="5551004" data-status="assigned"' in page


def test_an_unknown_assignee_is_refused_on_the_page(admin_user: Any, loaded: None) -> None:
    entry = Callback.objects.get(number="5551004")
    response = web_client(admin_user).post(
        reverse("stats:assign_callback", args=[entry.pk]), {"assignee": "agent:999999"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["Choose an agent or a team."]
    entry.refresh_from_db()
    assert entry.status == "open"
