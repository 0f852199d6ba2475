"""A supervisor schedules a weekly report with a real browser (Debian's chromium) and sees it listed."""

from __future__ import annotations

import os
from typing import Any

import pytest

from callcenter.accounts.models import Role
from callcenter.stats.schedules.models import ReportSchedule
from tests.factories import QueueFactory, TeamFactory, UserFactory
from tests.stats.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.stats.urls")]


@pytest.mark.django_db(transaction=True)
def test_supervisor_creates_a_weekly_schedule(live_server: Any) -> None:
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    sam: Any = UserFactory(username="sam", role=Role.SUPERVISOR, email="sam@example.com", language="en")
    team: Any = TeamFactory(name="North")
    team.supervisors.add(sam)
    team.queues.add(QueueFactory(name="support"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", "sam")
            page.fill("input[name=password]", "correct-horse-battery")
            page.click("button[type=submit], input[type=submit]")
            page.wait_for_load_state()
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
        finally:
            browser.close()
    assert "Monday summary" in row and "07:30 Europe/Samara" in row
    schedule = ReportSchedule.objects.get()
    assert (schedule.owner_id, schedule.queues, schedule.weekday) == (sam.pk, ["support"], 0)
