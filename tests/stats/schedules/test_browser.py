"""A supervisor schedules a weekly report with a real browser (Debian's chromium) and sees it listed."""

from __future__ import annotations

from typing import Any

import pytest

from callcenter.stats.schedules.models import ReportSchedule
from tests.factories import QueueFactory, TeamFactory
from tests.harness.browser import signed_in_page
from tests.harness.personas import supervisor

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.stats.urls")]


@pytest.mark.django_db(transaction=True)
def test_supervisor_creates_a_weekly_schedule(live_server: Any) -> None:
    sam = supervisor("sam", email="sam@example.com", language="en")
    team = TeamFactory.create(name="North")
    team.supervisors.add(sam)
    team.queues.add(QueueFactory.create(name="support"))
    with signed_in_page(live_server.url, sam.username) as page:
        page.goto(f"{live_server.url}/reports/schedules/")
        page.click("#new-schedule")
        page.fill("input[name=name]", "Monday summary")
        page.select_option("select[name=kind]", "summary")
        page.select_option("select[name=fmt]", "pdf")
        page.select_option("select[name=queues]", ["support"])
        page.select_option("select[name=frequency]", "weekly")
        page.select_option("select[name=weekday]", "0")
        page.fill("input[name=time_of_day]", "07:30")
        page.fill("input[name=tz]", "Europe/Samara")
        page.click("#schedule-form button[type=submit]")
        page.wait_for_selector("#report-schedules tr[data-schedule]")
        row = page.inner_text("#report-schedules tr[data-schedule]")
    assert "Monday summary" in row and "07:30 Europe/Samara" in row
    schedule = ReportSchedule.objects.get()
    assert (schedule.owner_id, schedule.queues, schedule.weekday) == (sam.pk, ["support"], 0)
