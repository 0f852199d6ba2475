"""``manage.py queue_report`` refuses malformed arguments with a message naming what is wrong."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django import Settings

pytestmark = pytest.mark.django_db


def test_a_date_that_is_not_iso_is_named() -> None:
    with pytest.raises(CommandError, match=r"not a date \(YYYY-MM-DD\): '23\.11\.2026'"):
        call_command("queue_report", "--from", "23.11.2026", "--to", "2026-11-23")


def test_service_levels_must_be_whole_seconds() -> None:
    with pytest.raises(CommandError, match="--sl takes whole seconds separated by commas"):
        call_command("queue_report", "--from", "2026-11-23", "--to", "2026-11-23", "--sl", "20,half")


def test_the_days_are_in_the_projects_time_zone_by_default(settings: Settings) -> None:
    settings.TIME_ZONE = "Asia/Tokyo"
    out = StringIO()
    call_command("queue_report", "--from", "2026-11-23", "--to", "2026-11-23", stdout=out)
    assert json.loads(out.getvalue())["tz"] == "Asia/Tokyo"
