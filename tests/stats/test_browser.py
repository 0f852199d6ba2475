"""A manager signs in with a real browser (Debian's chromium), opens the summary and downloads the XLSX."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from callcenter.accounts.models import User
from callcenter.stats.loader import load_file
from tests.harness.browser import download, signed_in_page
from tests.stats.scenario import LINES

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.stats.urls")]


@pytest.mark.django_db(transaction=True)
def test_manager_opens_summary_and_downloads_xlsx(
    live_server: Any, write_log: Callable[..., Path], manager_user: User
) -> None:
    load_file(write_log(LINES), "pbx1")
    with signed_in_page(live_server.url, manager_user.username, accept_downloads=True) as page:
        page.goto(f"{live_server.url}/reports/")
        page.fill("input[name=date_from]", "2026-11-23")
        page.fill("input[name=date_to]", "2026-11-23")
        page.fill("input[name=tz]", "UTC")
        page.click("#report-filter button[type=submit]")
        page.wait_for_selector("tr[data-queue=support]")
        assert page.inner_text("tr[data-queue=support] td:nth-child(2)") == "8"
        filename, content = download(page, "a[data-format=xlsx]")
    assert filename == "summary-2026-11-23.xlsx"
    sheet = load_workbook(io.BytesIO(content))["Summary per queue"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["support"][1:3] == (8, 4)
