"""``RoleVisibleQuerySet.visible_to``: which rows each role sees."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from callcenter.accounts.models import User
from callcenter.agents.models import Team
from callcenter.core.visibility import RoleVisibleQuerySet
from callcenter.pbx.models import Queue
from tests.harness import personas
from tests.harness.personas import Center

pytestmark = pytest.mark.django_db


def _names(queryset: RoleVisibleQuerySet[Queue]) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def _plain(user: User) -> set[str]:
    """The queues ``user`` sees through the base rules alone (no supervisor or agent rows)."""
    return _names(RoleVisibleQuerySet[Queue](model=Queue).visible_to(user))


@pytest.mark.parametrize("make", [personas.admin, personas.manager])
def test_the_roles_that_see_all_see_every_row(center: Center, make: Callable[[], User]) -> None:
    assert _plain(make()) == {"support", "sales"}


def test_a_supervisor_sees_the_supervisor_rows(center: Center) -> None:
    assert _names(Queue.objects.visible_to(center["sam"])) == {"support"}


def test_an_agent_sees_the_agent_rows(center: Center) -> None:
    assert _names(Queue.objects.visible_to(center["agent_user"])) == {"support"}


def test_supervisor_and_agent_rows_are_empty_unless_a_queryset_names_them(center: Center) -> None:
    assert _plain(center["sam"]) == set()
    assert _plain(center["agent_user"]) == set()


def test_a_role_outside_the_rules_sees_nothing(center: Center) -> None:
    assert _plain(personas.payroll()) == set()


def test_an_inactive_user_sees_nothing(center: Center) -> None:
    assert _plain(personas.admin("ada", is_active=False)) == set()


def test_sees_all_is_the_querysets_own(center: Center) -> None:
    polina = personas.payroll()
    assert set(Team.objects.visible_to(polina).values_list("name", flat=True)) == {"North", "South"}
    assert _names(Queue.objects.visible_to(polina)) == set()
