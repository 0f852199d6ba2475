"""The agent-import upload page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from callcenter.accounts.models import User
from callcenter.agents.models import Agent
from tests.harness import personas

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db


def upload(client: Client, content: bytes) -> _MonkeyPatchedWSGIResponse:
    return client.post("/agents/import/", {"file": SimpleUploadedFile("agents.csv", content, "text/csv")})


def test_payroll_uploads_agents(payroll_user: User) -> None:
    client = personas.web_client(payroll_user)
    response = upload(
        client, b"payroll_number,name,extension,member_name,team\n00101,Ivan,1001,Agent 1001,North\n"
    )
    assert response.status_code == 302
    assert Agent.objects.filter(payroll_number="00101").exists()


def test_bad_upload_shows_line_errors(payroll_user: User) -> None:
    client = personas.web_client(payroll_user)
    response = upload(
        client, b"payroll_number,name,extension,member_name,team\n00101,Ivan,1001,Agent 1001\n,x\n"
    )
    assert response.status_code == 400
    assert "Line 3" in response.content.decode()
    assert not Agent.objects.exists()


def test_supervisor_may_not_import(center: dict[str, Any]) -> None:
    client = personas.web_client(center["sam"])
    assert upload(client, b"payroll_number,name,extension,member_name,team\n").status_code == 403


def test_anonymous_is_sent_to_sign_in(client: Client) -> None:
    response = client.get("/agents/import/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
