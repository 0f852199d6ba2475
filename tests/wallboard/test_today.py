"""Today's figures from the loaded statistics: the half-hour slots since local midnight and an agent's calls
of the day, at the edges the board meets (no calls, every queue, transfers, a queue's own service level)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from callcenter.pbx.models import Queue
from callcenter.stats.models import Call
from callcenter.wallboard.today import agent_calls_today, day_start, half_hours
from tests.wallboard.calls import loaded_call

pytestmark = pytest.mark.django_db


def _minutes(start: dt.datetime, minutes: int) -> dt.datetime:
    return start + dt.timedelta(minutes=minutes)


def test_the_day_starts_at_local_midnight() -> None:
    now = timezone.make_aware(dt.datetime(2026, 11, 23, 15, 47, 12, 5))

    start = day_start(now)

    assert (start.hour, start.minute, start.second, start.microsecond) == (0, 0, 0, 0)
    assert start.date() == timezone.localtime(now).date()


def test_a_day_without_calls_has_empty_slots_and_no_service_level(center: dict[str, Any]) -> None:
    start = day_start()

    figures = half_hours(None, _minutes(start, 65))

    assert figures["labels"] == ["00:00", "00:30", "01:00"]
    assert figures["offered"] == figures["answered"] == figures["abandoned"] == [0, 0, 0]
    assert figures["service_level"] == [None, None, None]


def test_without_queue_names_every_queue_counts(center: dict[str, Any]) -> None:
    start = day_start()
    loaded_call("support", "5550001", _minutes(start, 5), Call.Outcome.ANSWERED, 5)
    loaded_call("sales", "5550002", _minutes(start, 10), Call.Outcome.ANSWERED, 5)

    assert half_hours(None, _minutes(start, 20))["offered"] == [2]
    assert half_hours([], _minutes(start, 20))["offered"] == [0]


def test_a_transferred_call_is_answered_and_other_outcomes_are_only_offered(center: dict[str, Any]) -> None:
    start = day_start()
    loaded_call("support", "5550001", _minutes(start, 1), Call.Outcome.TRANSFERRED, 3)
    loaded_call("support", "5550002", _minutes(start, 2), Call.Outcome.TIMEOUT, 120)
    loaded_call("support", "5550003", _minutes(start, 3), Call.Outcome.EXITEMPTY, 0)

    figures = half_hours(["support"], _minutes(start, 10))

    assert (figures["offered"], figures["answered"], figures["abandoned"]) == ([3], [1], [0])
    assert figures["service_level"] == [33.3]


def test_the_service_level_is_each_queues_own(center: dict[str, Any]) -> None:
    Queue.objects.filter(name="sales").update(service_level=60)
    start = day_start()
    loaded_call("support", "5550001", _minutes(start, 1), Call.Outcome.ANSWERED, 45)  # over support's 20 s
    loaded_call("sales", "5550002", _minutes(start, 2), Call.Outcome.ANSWERED, 45)  # within sales' 60 s

    assert half_hours(None, _minutes(start, 10))["service_level"] == [50.0]


def test_calls_of_yesterday_and_of_after_now_are_left_out(center: dict[str, Any]) -> None:
    start = day_start()
    loaded_call("support", "5550001", start - dt.timedelta(seconds=1), Call.Outcome.ANSWERED, 5)
    loaded_call("support", "5550002", _minutes(start, 40), Call.Outcome.ANSWERED, 5)
    loaded_call("support", "5550003", _minutes(start, 41), Call.Outcome.ANSWERED, 5)

    assert half_hours(["support"], _minutes(start, 40))["offered"] == [0, 1]


def test_an_agents_calls_of_today_newest_first(center: dict[str, Any]) -> None:
    now = timezone.now()
    start = day_start(now)
    loaded_call("support", "5550001", start - dt.timedelta(minutes=1), Call.Outcome.ANSWERED, 5, "Agent 1001")
    earlier = loaded_call("support", "5550002", start, Call.Outcome.ANSWERED, 5, "Agent 1001")
    later = loaded_call("support", "5550003", now, Call.Outcome.ANSWERED, 5, "Agent 1001")
    loaded_call("support", "5550004", now, Call.Outcome.ANSWERED, 5, "Agent 1002")

    assert list(agent_calls_today("Agent 1001", now)) == [later, earlier]
