"""Who sees which queue."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from callcenter.accounts.models import User
from callcenter.pbx.models import Queue

pytestmark = pytest.mark.django_db


def names(queryset: QuerySet[Queue]) -> list[str]:
    return sorted(queryset.values_list("name", flat=True))


def test_supervisor_sees_only_their_teams_queues(center: dict[str, Any]) -> None:
    assert names(Queue.objects.visible_to(center["sam"])) == ["support"]
    assert names(Queue.objects.visible_to(center["tina"])) == ["sales"]


def test_supervisor_sees_a_queue_where_their_agent_is_a_member(center: dict[str, Any]) -> None:
    from tests.factories import QueueFactory, QueueMembershipFactory

    overflow = QueueFactory(name="overflow")
    QueueMembershipFactory(agent=center["anna"], queue=overflow)
    assert names(Queue.objects.visible_to(center["sam"])) == ["overflow", "support"]


def test_manager_and_admin_see_every_queue(
    center: dict[str, Any], manager_user: User, admin_user: User
) -> None:
    assert names(Queue.objects.visible_to(manager_user)) == ["sales", "support"]
    assert names(Queue.objects.visible_to(admin_user)) == ["sales", "support"]


def test_agent_sees_the_queues_they_belong_to(center: dict[str, Any]) -> None:
    assert names(Queue.objects.visible_to(center["agent_user"])) == ["support"]


def test_payroll_and_anonymous_see_no_queue(center: dict[str, Any], payroll_user: User) -> None:
    assert not Queue.objects.visible_to(payroll_user).exists()
    assert not Queue.objects.visible_to(AnonymousUser()).exists()


def test_inactive_supervisor_sees_nothing(center: dict[str, Any]) -> None:
    sam = center["sam"]
    sam.is_active = False
    sam.save()
    assert not Queue.objects.visible_to(sam).exists()
