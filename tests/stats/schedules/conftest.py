"""Helpers for the report schedule tests: schedules made through the actions, a refused SMTP port."""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any

import pytest

from callcenter.stats.schedules import actions
from callcenter.stats.schedules.models import ReportSchedule

# Before every due time the tests use: schedules made "now" never run due times up to it.
CREATED = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def make_schedule(db: None) -> Callable[..., ReportSchedule]:
    def make(owner: Any, **fields: Any) -> ReportSchedule:
        values: dict[str, Any] = {
            "name": "Morning summary",
            "kind": "summary",
            "fmt": "csv",
            "frequency": "daily",
            "time_of_day": time(8, 0),
            "tz": "Europe/Moscow",
            "recipients": ["boss@example.com"],
        }
        values.update(fields)
        return actions.save_schedule(owner, ReportSchedule(owner=owner, **values), now=CREATED)

    return make


@pytest.fixture
def refused_smtp(settings: Any) -> int:
    """Send e-mail over SMTP to a local port nothing listens on: every send is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    return port
