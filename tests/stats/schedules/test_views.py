"""The schedules page: each user manages only their own schedules; bad input is a form error."""

from __future__ import annotations

from typing import Any

import pytest

from callcenter.stats.schedules import actions
from callcenter.stats.schedules.models import Delivery, ReportSchedule
from tests.harness.personas import web_client
from tests.stats.schedules.conftest import DUE, MakeSchedule, RefusedSend

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.stats.urls")]
FORM = {
    "name": "Weekly agents",
    "kind": "agents",
    "fmt": "xlsx",
    "agents": "Agent 1001, Agent 1002",
    "frequency": "weekly",
    "weekday": "0",
    "time_of_day": "07:30",
    "tz": "Asia/Yekaterinburg",
    "recipients": "boss@example.com; deputy@example.com",
    "enabled": "on",
}


def test_a_user_creates_a_schedule(manager_user: Any) -> None:
    response = web_client(manager_user).post("/reports/schedules/new/", FORM)
    assert response.status_code == 302
    schedule = ReportSchedule.objects.get()
    assert (schedule.owner, schedule.kind, schedule.weekday, schedule.tz) == (
        manager_user,
        "agents",
        0,
        "Asia/Yekaterinburg",
    )
    assert schedule.agents == ["Agent 1001", "Agent 1002"]
    assert schedule.recipients == ["boss@example.com", "deputy@example.com"]


def test_an_unknown_time_zone_is_a_form_error_and_saves_nothing(manager_user: Any) -> None:
    response = web_client(manager_user).post("/reports/schedules/new/", {**FORM, "tz": "Nowhere/City"})
    assert response.status_code == 400
    assert "Unknown time zone." in response.content.decode()
    assert not ReportSchedule.objects.exists()


def test_the_list_shows_only_the_users_own_schedules(
    center: dict[str, Any], manager_user: Any, make_schedule: MakeSchedule
) -> None:
    make_schedule(manager_user, name="Max's report")
    make_schedule(center["sam"], name="Sam's report")
    page = web_client(center["sam"]).get("/reports/schedules/").content.decode()
    assert "Sam&#x27;s report" in page and "Max&#x27;s report" not in page


def test_another_users_schedule_cannot_be_edited_or_deleted(
    center: dict[str, Any], manager_user: Any, make_schedule: MakeSchedule
) -> None:
    schedule = make_schedule(manager_user)
    client = web_client(center["sam"])
    assert client.get(f"/reports/schedules/{schedule.pk}/").status_code == 404
    assert client.post(f"/reports/schedules/{schedule.pk}/delete/").status_code == 404
    assert ReportSchedule.objects.filter(pk=schedule.pk).exists()


def test_the_owner_edits_and_deletes(manager_user: Any, make_schedule: MakeSchedule) -> None:
    schedule = make_schedule(manager_user)
    client = web_client(manager_user)
    assert client.post(f"/reports/schedules/{schedule.pk}/", {**FORM, "name": "Renamed"}).status_code == 302
    schedule.refresh_from_db()
    assert schedule.name == "Renamed"
    assert client.post(f"/reports/schedules/{schedule.pk}/delete/").status_code == 302
    assert not ReportSchedule.objects.exists()


def test_a_supervisor_is_offered_and_allowed_only_their_queues(center: dict[str, Any]) -> None:
    client = web_client(center["sam"])
    page = client.get("/reports/schedules/new/").content.decode()
    assert 'value="support"' in page and 'value="sales"' not in page
    response = client.post("/reports/schedules/new/", {**FORM, "queues": ["sales"]})
    assert response.status_code == 400
    assert not ReportSchedule.objects.exists()


def test_an_agent_has_no_schedules_page(center: dict[str, Any]) -> None:
    assert web_client(center["agent_user"]).get("/reports/schedules/").status_code == 403


def test_the_last_delivery_error_is_shown_to_the_owner(
    manager_user: Any, make_schedule: MakeSchedule, refused_smtp: int
) -> None:
    make_schedule(manager_user)
    actions.process(DUE)
    page = web_client(manager_user).get("/reports/schedules/").content.decode()
    delivery = Delivery.objects.get()
    assert delivery.last_error and delivery.last_error in page


def test_administrators_see_how_many_report_e_mails_failed(
    admin_user: Any, manager_user: Any, refused_send: RefusedSend
) -> None:
    refused_send(1)
    admin_page = web_client(admin_user).get("/reports/runs/").content.decode()
    assert 'id="failed-deliveries"' in admin_page
    assert "/admin/stats/delivery/?status__exact=failed" in admin_page
    assert 'id="failed-deliveries"' not in web_client(manager_user).get("/reports/runs/").content.decode()


def test_the_admin_lists_deliveries_by_status(
    admin_user: Any, manager_user: Any, refused_send: RefusedSend
) -> None:
    refused_send(1)
    client = web_client(admin_user)
    failed = client.get("/admin/stats/delivery/?status__exact=failed")
    assert failed.status_code == 200 and "Morning summary" in failed.content.decode()
    assert "Morning summary" not in client.get("/admin/stats/delivery/?status__exact=sent").content.decode()


def test_the_schedules_page_and_its_errors_are_in_russian(manager_user: Any) -> None:
    client = web_client(manager_user)
    page = client.get("/reports/schedules/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Мои расписания отчётов" in page and "Расписаний пока нет." in page
    response = client.post(
        "/reports/schedules/new/", {**FORM, "frequency": "monthly"}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert "Выберите день месяца от 1 до 31." in response.content.decode()


def test_administrators_warning_is_in_russian(
    admin_user: Any, manager_user: Any, refused_send: RefusedSend
) -> None:
    refused_send(1)
    page = web_client(admin_user).get("/reports/runs/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "1 письмо с отчётом не удалось отправить." in page  # noqa: RUF001
