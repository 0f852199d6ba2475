"""The statistics admin is read-only: the loader and the report tasks are the only writers."""

from __future__ import annotations

from typing import Any

import pytest

from callcenter.stats.models import AssemblyMark, QuarantinedLine
from tests.harness.personas import web_client

pytestmark = pytest.mark.django_db


def test_quarantine_is_listed_and_read_only(admin_user: Any) -> None:
    QuarantinedLine.objects.create(
        server="pbx1",
        path="/var/log/asterisk/queue_log",
        line_number=7,
        line_hash="00000000-0000-0000-0000-000000000007",
        file_offset=100,
        reason="too few fields (1, need at least 5)",
        raw_text="garbage",
    )
    client = web_client(admin_user)
    listing = client.get("/admin/stats/quarantinedline/")
    assert listing.status_code == 200
    assert "too few fields" in listing.content.decode()
    assert client.get("/admin/stats/quarantinedline/add/").status_code == 403


def test_assembly_marks_are_listed_and_read_only(admin_user: Any) -> None:
    AssemblyMark.objects.create(server="pbx1", line_id=4242)
    client = web_client(admin_user)
    listing = client.get("/admin/stats/assemblymark/")
    assert listing.status_code == 200
    assert "4242" in listing.content.decode()
    assert client.get("/admin/stats/assemblymark/add/").status_code == 403
