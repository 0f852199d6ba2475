"""The shared CSV upload page (shown here through the agent import): its refusals and its success message."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from callcenter.agents.models import Agent
from callcenter.core.csv_upload import MAX_IMPORT_BYTES

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db

URL = "/agents/import/"
HEADER = b"payroll_number,name,extension,member_name,team\n"


def upload(client: Client, content: bytes, *, follow: bool = False) -> _MonkeyPatchedWSGIResponse:
    return client.post(URL, {"file": SimpleUploadedFile("agents.csv", content, "text/csv")}, follow=follow)


def test_get_shows_the_form_with_the_page_title(admin_client: Client) -> None:
    response = admin_client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Import agents</h1>" in body
    assert 'enctype="multipart/form-data"' in body


def test_a_file_that_is_not_utf8_is_refused_on_the_form(admin_client: Client) -> None:
    response = upload(admin_client, HEADER + "00101,Иван,1001,Agent 1001,North\n".encode("cp1251"))
    assert response.status_code == 200
    assert "The file is not UTF-8 text." in response.content.decode()
    assert not Agent.objects.exists()


def test_a_file_over_five_megabytes_is_refused_unread(admin_client: Client) -> None:
    padding = b"#" * (MAX_IMPORT_BYTES + 1 - len(HEADER))
    response = upload(admin_client, HEADER + padding)
    assert response.status_code == 200
    assert "The file is larger than 5 MB." in response.content.decode()
    assert not Agent.objects.exists()


def test_a_successful_import_redirects_back_with_the_counts(admin_client: Client) -> None:
    upload(admin_client, HEADER + b"00101,Ivan,1001,Agent 1001,North\n")
    response = upload(
        admin_client,
        HEADER + b"00101,Ivan,1001,Agent 1001,North\n00102,Anna,1002,Agent 1002,North\n",
        follow=True,
    )
    assert response.redirect_chain == [(URL, 302)]
    assert "Imported: 1 new, 0 updated, 1 unchanged." in response.content.decode()


def test_the_row_errors_page_names_each_bad_line(admin_client: Client) -> None:
    response = upload(
        admin_client, HEADER + b"00101,Ivan,1001,Agent 1001,North\n00101,Anna,1002,Agent 1002,North\n"
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The file was not imported" in body
    assert "Line 3: payroll_number &#x27;00101&#x27; repeats line 2" in body
    assert not Agent.objects.exists()
