"""Read rules of teams and agents beyond the supervisor's: an agent's own team, managers, and nobody else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from callcenter.accounts.models import User
from callcenter.agents.models import Agent, Team
from tests.harness.personas import Center

pytestmark = pytest.mark.django_db


def _teams(user: object) -> list[str]:
    return sorted(Team.objects.visible_to(user).values_list("name", flat=True))


def test_an_agent_sees_only_their_own_team(center: Center) -> None:
    assert _teams(center["agent_user"]) == ["North"]


def test_a_manager_sees_every_team_and_agent(center: Center, manager_user: User) -> None:
    assert _teams(manager_user) == ["North", "South"]
    assert Agent.objects.visible_to(manager_user).count() == 4


def test_nobody_signed_in_sees_nothing(center: Center) -> None:
    assert _teams(AnonymousUser()) == []
    assert not Agent.objects.visible_to(AnonymousUser()).exists()
    assert not Agent.objects.visible_to(None).exists()


def test_a_deactivated_user_sees_nothing(center: Center) -> None:
    sam = center["sam"]
    sam.is_active = False
    sam.save()
    assert _teams(sam) == []
    assert not Agent.objects.visible_to(sam).exists()


def test_a_supervisor_of_two_teams_sees_the_agents_of_both(center: Center) -> None:
    center["south"].supervisors.add(center["sam"])
    extensions = list(Agent.objects.visible_to(center["sam"]).values_list("extension", flat=True))
    assert sorted(extensions) == ["1001", "1002", "1201", "1202"]


def test_only_active_agents_are_active(center: Center) -> None:
    Agent.objects.filter(pk=center["petr"].pk).update(active=False)
    assert sorted(Agent.objects.active().values_list("extension", flat=True)) == ["1001", "1002", "1201"]
