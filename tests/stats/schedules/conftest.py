"""Helpers for the report schedule tests: schedules made through the actions, a refused SMTP port."""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from callcenter.accounts.models import User
from callcenter.stats.schedules import actions
from callcenter.stats.schedules.models import Delivery, ReportSchedule

# Before every due time the tests use: schedules made "now" never run due times up to it.
CREATED = datetime(2026, 11, 1, tzinfo=UTC)
# 08:00 in Moscow on 2026-11-24: the default schedule of make_schedule is due.
DUE = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
# Saves a schedule of the given owner: the default one with the given fields changed.
MakeSchedule = Callable[..., ReportSchedule]
# Processes the due schedule while every send is refused, allowing that many attempts; its delivery.
RefusedSend = Callable[[int], Delivery]


@pytest.fixture
def make_schedule(db: None) -> MakeSchedule:
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


@pytest.fixture
def refused_send(
    manager_user: User, make_schedule: MakeSchedule, refused_smtp: int, settings: Any
) -> RefusedSend:
    """Process Max's schedule when it is due while the mail server refuses it; its delivery, which may be tried
    the given number of times in all."""

    def run(max_attempts: int) -> Delivery:
        settings.REPORT_DELIVERY_MAX_ATTEMPTS = max_attempts
        make_schedule(manager_user)
        actions.process(DUE)
        return Delivery.objects.get()

    return run


def schedule_errors(make: MakeSchedule, owner: User, **fields: Any) -> dict[str, list[str]]:
    """The errors that refuse saving the schedule ``make`` builds, checking that nothing was saved."""
    with pytest.raises(ValidationError) as caught:
        make(owner, **fields)
    assert not ReportSchedule.objects.exists()
    return caught.value.message_dict
