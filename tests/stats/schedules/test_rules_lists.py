"""The lists a report schedule holds (queues, agents, recipients): their shape and size limits, and
where a saved schedule's report goes."""

from __future__ import annotations

from typing import Any

import pytest

from callcenter.accounts.models import User
from callcenter.stats.schedules.models import ReportSchedule
from callcenter.stats.schedules.rules import MAX_NAMES, MAX_RECIPIENTS, recipients_of
from tests.harness import personas
from tests.stats.schedules.conftest import MakeSchedule, schedule_errors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("queues", ["support", ["support", ""], ["support", 7]])
def test_queues_must_be_a_list_of_names(manager_user: User, make_schedule: MakeSchedule, queues: Any) -> None:
    assert schedule_errors(make_schedule, manager_user, queues=queues) == {"queues": ["A list of names."]}


def test_too_many_agent_names_are_refused(manager_user: User, make_schedule: MakeSchedule) -> None:
    agents = [f"Agent {n}" for n in range(MAX_NAMES + 1)]
    errors = schedule_errors(make_schedule, manager_user, kind="agents", agents=agents)
    assert errors == {"agents": ["At most 200 names."]}


def test_names_are_stored_without_surrounding_spaces(manager_user: User, make_schedule: MakeSchedule) -> None:
    schedule = make_schedule(manager_user, kind="agents", queues=[" support "], agents=["Agent 1001 "])
    schedule.refresh_from_db()
    assert (schedule.queues, schedule.agents) == (["support"], ["Agent 1001"])


def test_recipients_must_be_a_list_of_addresses(manager_user: User, make_schedule: MakeSchedule) -> None:
    errors = schedule_errors(make_schedule, manager_user, recipients="boss@example.com")
    assert errors == {"recipients": ["A list of e-mail addresses."]}


def test_too_many_recipients_are_refused(manager_user: User, make_schedule: MakeSchedule) -> None:
    recipients = [f"r{n}@example.com" for n in range(MAX_RECIPIENTS + 1)]
    errors = schedule_errors(make_schedule, manager_user, recipients=recipients)
    assert errors == {"recipients": ["At most 20 recipients."]}


def test_an_owner_with_an_address_may_leave_recipients_empty(make_schedule: MakeSchedule) -> None:
    owner = personas.manager("mira", email="mira@example.com")
    schedule = make_schedule(owner, recipients=[" ", ""])
    assert schedule.recipients == []
    assert recipients_of(schedule) == ["mira@example.com"]


def test_the_recipients_take_the_place_of_the_owners_address(make_schedule: MakeSchedule) -> None:
    owner = personas.manager("mira", email="mira@example.com")
    schedule = make_schedule(owner, recipients=["boss@example.com"])
    assert recipients_of(schedule) == ["boss@example.com"]


def test_a_schedule_whose_owner_lost_the_address_goes_nowhere(make_schedule: MakeSchedule) -> None:
    owner = personas.manager("mira", email="mira@example.com")
    schedule = make_schedule(owner, recipients=[])
    User.objects.filter(pk=owner.pk).update(email="")
    assert recipients_of(ReportSchedule.objects.get(pk=schedule.pk)) == []
