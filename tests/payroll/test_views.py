"""The payroll pages: role checks, preview, warnings, download, schema, corrections and closing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from callcenter.accounts.models import User
from callcenter.payroll.export import SCHEMA_PATH, validate_xml
from callcenter.payroll.models import ClosedPeriod, SessionCorrection
from callcenter.stats.models import AgentSession

pytestmark = pytest.mark.django_db
QUERY = {"date_from": "2026-11-02", "date_to": "2026-11-04", "tz": "Europe/Moscow", "schedule": "main"}


def test_page_needs_payroll_or_admin(
    client: Client, manager_user: User, payroll_user: User, admin_user: User
) -> None:
    url = reverse("payroll:export")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(manager_user)
    assert client.get(url).status_code == 403
    client.force_login(payroll_user)
    assert client.get(url).status_code == 200
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_preview_lists_employees_warnings_and_download_links(
    client: Client, payroll_data: dict[str, Any], payroll_user: User
) -> None:
    client.force_login(payroll_user)
    response = client.get(reverse("payroll:export"), QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-payroll-number="00101"' in html
    assert "Ivan Petrov" in html
    assert '<li class="unmatched">Agent 9999</li>' in html
    assert '<li class="unmatched">Local/1999@agents/n</li>' in html
    assert 'id="download-xml"' in html
    assert 'id="download-json"' in html
    report = response.context["report"]
    assert next(e for e in report.employees if e.payroll_number == "00101").answered == 3


def test_download_xml_is_a_valid_attachment(
    client: Client, payroll_data: dict[str, Any], payroll_user: User
) -> None:
    client.force_login(payroll_user)
    response = client.get(reverse("payroll:download"), {**QUERY, "format": "xml"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="payroll-2026-11-02-2026-11-04.xml"'
    validate_xml(response.content)


def test_download_json(client: Client, payroll_data: dict[str, Any], payroll_user: User) -> None:
    client.force_login(payroll_user)
    response = client.get(reverse("payroll:download"), {**QUERY, "format": "json"})
    assert response.status_code == 200
    assert response.json()["unmatched"] == ["Agent 9999", "Local/1999@agents/n"]


def test_an_invalid_export_is_an_error_never_a_download(
    client: Client, payroll_data: dict[str, Any], payroll_user: User, settings: Settings
) -> None:
    settings.ORGANISATION_INN = "12345"
    client.force_login(payroll_user)
    page = client.get(reverse("payroll:export"), QUERY)
    assert page.status_code == 500
    assert 'id="payroll-invalid"' in page.content.decode()
    assert 'id="download-xml"' not in page.content.decode()
    download = client.get(reverse("payroll:download"), {**QUERY, "format": "xml"})
    assert download.status_code == 500
    assert "Content-Disposition" not in download


def test_schema_is_served(client: Client) -> None:
    response = client.get(reverse("payroll:schema", args=["payroll-1c-v1.xsd"]))
    assert response.status_code == 200
    streamed = cast(StreamingHttpResponse, response).streaming_content
    assert b"".join(cast(Iterator[bytes], streamed)) == SCHEMA_PATH.read_bytes()
    assert client.get(reverse("payroll:schema", args=["other.xsd"])).status_code == 404


def test_correct_a_session_from_the_page(
    client: Client, payroll_data: dict[str, Any], payroll_user: User
) -> None:
    client.force_login(payroll_user)
    ivan = payroll_data["ivan"]
    listing = client.get(
        reverse("payroll:sessions"), {"agent": ivan.pk, "date_from": "2026-11-03", "date_to": "2026-11-03"}
    )
    assert listing.status_code == 200
    session = AgentSession.objects.get(interface="Local/1001@agents/n", started_at__date=dt.date(2026, 11, 3))
    assert [row["session"] for row in listing.context["rows"]] == [session]
    # Its end in the stats table is the next ADDMEMBER, not a log-out: the page says so.
    assert listing.context["rows"][0]["logged_out"] is False
    assert "no log-out recorded" in listing.content.decode()
    prefix = f"s{session.pk}"
    response = client.post(
        reverse("payroll:correct", args=[session.pk]),
        {
            f"{prefix}-started_at": "2026-11-03T09:00:00",
            f"{prefix}-ended_at": "2026-11-03T18:00:00",
            f"{prefix}-reason": "Forgot to log out",
            "next": "/payroll/sessions/",
        },
    )
    assert response.status_code == 302
    correction = SessionCorrection.objects.get()
    # Entered in the center's time zone (Europe/Moscow): 18:00 MSK is 15:00 UTC.
    assert correction.ended_at == dt.datetime(2026, 11, 3, 15, 0, tzinfo=dt.UTC)


def test_close_and_reopen_from_the_page(client: Client, payroll_user: User) -> None:
    client.force_login(payroll_user)
    response = client.post(reverse("payroll:periods"), {"date_from": "2026-11-01", "date_to": "2026-11-30"})
    assert response.status_code == 302
    period = ClosedPeriod.objects.get()
    assert client.post(reverse("payroll:reopen", args=[period.pk]), {"reason": ""}).status_code == 302
    period.refresh_from_db()
    assert period.reopened_at is None
    client.post(reverse("payroll:reopen", args=[period.pk]), {"reason": "recount"})
    period.refresh_from_db()
    assert period.reopen_reason == "recount"


def test_correction_never_redirects_off_site(
    client: Client, payroll_data: dict[str, Any], payroll_user: User
) -> None:
    client.force_login(payroll_user)
    session = AgentSession.objects.get(interface="Local/1001@agents/n", started_at__date=dt.date(2026, 11, 3))
    response = client.post(reverse("payroll:correct", args=[session.pk]), {"next": "//evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("payroll:sessions")


def test_a_closed_period_is_downloaded_as_closed_until_reopened(
    client: Client, payroll_data: dict[str, Any], payroll_user: User, tmp_path: Path
) -> None:
    from callcenter.payroll import actions
    from callcenter.stats.loader import load_file
    from tests.payroll.conftest import write_queue_log

    client.force_login(payroll_user)
    period = actions.close_period(
        payroll_user, dt.date(2026, 11, 2), dt.date(2026, 11, 4), tz="Europe/Moscow", schedule="main"
    )
    # A call answered by Anna on 11-03 10:00 MSK (talk 60 s) reaches the database after the closing.
    late = [
        "1793689200|1793689200.20|support|NONE|ENTERQUEUE||5550199|1",
        "1793689205|1793689200.20|support|Agent 1002|CONNECT|5|1793689205.21|0",
        "1793689265|1793689200.20|support|Agent 1002|COMPLETECALLER|5|60|1",
    ]
    load_file(write_queue_log(tmp_path / "late_queue_log", late), "pbx1")
    page = client.get(reverse("payroll:export"), QUERY)
    assert page.context["closed_period"] == period
    assert page.context["changed_since_closing"] is True
    assert next(e for e in page.context["report"].employees if e.payroll_number == "00102").answered == 1
    frozen = client.get(reverse("payroll:download"), {**QUERY, "format": "xml"})
    assert frozen.content == period.xml.encode("utf-8")
    assert b"<Answered>1</Answered>" not in frozen.content  # Anna had no call when it was closed
    actions.reopen_period(payroll_user, period, "late calls loaded")
    fresh = client.get(reverse("payroll:download"), {**QUERY, "format": "xml"})
    validate_xml(fresh.content)
    assert fresh.content != frozen.content
    assert b"<PeriodClosed>false</PeriodClosed>" in fresh.content
