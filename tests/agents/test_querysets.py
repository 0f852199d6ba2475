"""Who sees which agent and team."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import QuerySet

from callcenter.accounts.models import User
from callcenter.agents.models import Agent, Team

pytestmark = pytest.mark.django_db


def extensions(queryset: QuerySet[Agent]) -> list[str]:
    return sorted(queryset.values_list("extension", flat=True))


def test_supervisor_sees_their_teams_agents(center: dict[str, Any]) -> None:
    assert extensions(Agent.objects.visible_to(center["sam"])) == ["1001", "1002"]
    assert list(Team.objects.visible_to(center["sam"]).values_list("name", flat=True)) == ["North"]


def test_payroll_sees_every_agent(center: dict[str, Any], payroll_user: User) -> None:
    assert extensions(Agent.objects.visible_to(payroll_user)) == ["1001", "1002", "1201", "1202"]


def test_agent_sees_only_themself(center: dict[str, Any]) -> None:
    assert extensions(Agent.objects.visible_to(center["agent_user"])) == ["1001"]
