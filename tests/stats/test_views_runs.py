"""Background report runs from the pages: refused requests, who sees a run, and a run with no file yet."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from callcenter.accounts.models import User
from callcenter.stats.models import ReportRun
from tests.harness.personas import Center, web_client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.stats.urls")]

DAY = {"date_from": "2026-11-23", "date_to": "2026-11-23", "tz": "UTC", "sl": "20"}


def test_an_unknown_report_is_refused_and_nothing_is_queued(manager_user: User) -> None:
    response = web_client(manager_user).post(
        reverse("stats:start_run"), {**DAY, "kind": "secrets", "fmt": "csv"}
    )
    assert response.status_code == 400
    assert response.json() == {"errors": {"kind": ["Unknown report or format."]}}
    assert not ReportRun.objects.exists()


def test_a_start_without_a_period_names_the_missing_dates(manager_user: User) -> None:
    response = web_client(manager_user).post(reverse("stats:start_run"), {"kind": "queue", "fmt": "pdf"})
    assert response.status_code == 400
    assert response.json() == {
        "errors": {"date_from": ["This field is required."], "date_to": ["This field is required."]}
    }
    assert not ReportRun.objects.exists()


def test_an_invalid_period_is_refused_with_the_form_errors(manager_user: User) -> None:
    data = {**DAY, "date_to": "2026-11-22", "kind": "summary", "fmt": "csv"}
    response = web_client(manager_user).post(reverse("stats:start_run"), data)
    assert response.status_code == 400
    assert response.json() == {"errors": {"date_to": ["The end is before the start."]}}
    assert not ReportRun.objects.exists()


def test_a_run_is_started_only_by_a_post(manager_user: User) -> None:
    assert web_client(manager_user).get(reverse("stats:start_run"), DAY).status_code == 405


def test_a_run_without_its_file_yet_has_nothing_to_download(manager_user: User) -> None:
    run = ReportRun.objects.create(kind="summary", fmt="csv", params={}, created_by=manager_user)
    assert web_client(manager_user).get(reverse("stats:run_file", args=[run.pk])).status_code == 404


def test_another_supervisors_file_is_not_found(center: Center) -> None:
    run = ReportRun.objects.create(kind="summary", fmt="csv", params={}, created_by=center["tina"])
    assert web_client(center["sam"]).get(reverse("stats:run_file", args=[run.pk])).status_code == 404


def test_a_supervisor_lists_only_their_own_runs(center: Center) -> None:
    own = ReportRun.objects.create(kind="summary", fmt="csv", params={}, created_by=center["sam"])
    ReportRun.objects.create(kind="agents", fmt="xlsx", params={}, created_by=center["tina"])
    page = web_client(center["sam"]).get(reverse("stats:runs"))
    assert page.status_code == 200
    assert [run.pk for run in page.context["page"]] == [own.pk]


def test_an_agent_may_not_follow_runs(center: Center) -> None:
    client = web_client(center["agent_user"])
    assert client.get(reverse("stats:runs")).status_code == 403
    assert (
        client.post(reverse("stats:start_run"), {**DAY, "kind": "summary", "fmt": "csv"}).status_code == 403
    )


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in() -> None:
    response = Client().get(reverse("stats:runs"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
