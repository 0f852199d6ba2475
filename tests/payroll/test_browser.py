"""Payroll staff sign in with a real browser (Debian's chromium), preview a month and download the XML."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree

from callcenter.accounts.models import User
from callcenter.payroll.export import NAMESPACE, validate_xml
from tests.harness.browser import download, signed_in_page

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_payroll_previews_a_month_and_downloads_the_xml(
    live_server: Any, payroll_data: dict[str, Any], payroll_user: User
) -> None:
    with signed_in_page(live_server.url, payroll_user.username, accept_downloads=True) as page:
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
        filename, content = download(page, "#download-xml")
    assert filename == "payroll-2026-11-01-2026-11-30.xml"
    validate_xml(content)
    root = etree.fromstring(content)
    days = root.findall(
        f"{{{NAMESPACE}}}Employees/{{{NAMESPACE}}}Employee[@payrollNumber='00101']/"
        f"{{{NAMESPACE}}}Days/{{{NAMESPACE}}}Day"
    )
    assert len(days) == 30
