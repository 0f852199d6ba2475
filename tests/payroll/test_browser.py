"""Payroll staff sign in with a real browser (Debian's chromium), preview a month and download the XML."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from callcenter.payroll.export import NAMESPACE, validate_xml
from tests.factories import UserFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_payroll_previews_a_month_and_downloads_the_xml(
    live_server: Any, payroll_data: dict[str, Any]
) -> None:
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    UserFactory(username="polina", role="payroll")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(accept_downloads=True).new_page()
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", "polina")
            page.fill("input[name=password]", "correct-horse-battery")
            page.click("button[type=submit]")
            page.wait_for_load_state()
            page.goto(f"{live_server.url}/payroll/")
            page.fill("input[name=date_from]", "2026-11-01")
            page.fill("input[name=date_to]", "2026-11-30")
            page.fill("input[name=tz]", "Europe/Moscow")
            page.select_option("select[name=schedule]", "main")
            page.click("#payroll-filter button[type=submit]")
            page.wait_for_selector("tr[data-payroll-number='00101']")
            # Ivan: 3 answered calls, 38405 s worked = 10.67 h (see test_builder).
            row = "tr[data-payroll-number='00101']"
            assert page.inner_text(f"{row} td:nth-child(4)") == "10.67"
            assert page.inner_text(f"{row} td:nth-child(9)") == "3"
            assert "Agent 9999" in page.inner_text("#payroll-warnings")
            with page.expect_download() as download_info:
                page.click("#download-xml")
            download = download_info.value
            assert download.suggested_filename == "payroll-2026-11-01-2026-11-30.xml"
            content = Path(download.path()).read_bytes()
        finally:
            browser.close()
    validate_xml(content)
    root = etree.fromstring(content)
    days = root.findall(
        f"{{{NAMESPACE}}}Employees/{{{NAMESPACE}}}Employee[@payrollNumber='00101']/"
        f"{{{NAMESPACE}}}Days/{{{NAMESPACE}}}Day"
    )
    assert len(days) == 30
