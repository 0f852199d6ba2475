"""A manager signs in with a real browser (Debian's chromium), opens the summary and downloads the XLSX."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from callcenter.stats.loader import load_file
from tests.factories import UserFactory
from tests.stats.scenario import LINES

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.stats.urls")]


@pytest.mark.django_db(transaction=True)
def test_manager_opens_summary_and_downloads_xlsx(live_server: Any, write_log: Callable[..., Path]) -> None:
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    UserFactory(username="max", role="manager")
    load_file(write_log(LINES), "pbx1")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(accept_downloads=True).new_page()
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", "max")
            page.fill("input[name=password]", "correct-horse-battery")
            page.click("button[type=submit], input[type=submit]")
            page.wait_for_load_state()
            page.goto(f"{live_server.url}/reports/")
            page.fill("input[name=date_from]", "2026-11-23")
            page.fill("input[name=date_to]", "2026-11-23")
            page.fill("input[name=tz]", "UTC")
            page.click("#report-filter button[type=submit]")
            page.wait_for_selector("tr[data-queue=support]")
            assert page.inner_text("tr[data-queue=support] td:nth-child(2)") == "8"
            with page.expect_download() as download_info:
                page.click("a[data-format=xlsx]")
            download = download_info.value
            assert download.suggested_filename == "summary-2026-11-23.xlsx"
            content = Path(download.path()).read_bytes()
        finally:
            browser.close()
    sheet = load_workbook(io.BytesIO(content))["Summary per queue"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["support"][1:3] == (8, 4)
