"""Roles: the effective role of a person, and the checks every view, endpoint and consumer makes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from callcenter.core.roles import PAYROLL_READERS, REPORT_READERS, Role, has_role, role_of
from tests.harness import personas

pytestmark = pytest.mark.django_db


def test_a_signed_in_user_has_the_role_of_their_record() -> None:
    assert role_of(personas.manager()) == Role.MANAGER


def test_an_anonymous_visitor_has_no_role() -> None:
    assert role_of(AnonymousUser()) is None
    assert role_of(None) is None


def test_an_inactive_user_has_no_role() -> None:
    assert role_of(personas.admin(is_active=False)) is None


def test_a_superuser_is_an_administrator_whatever_the_role_field_says() -> None:
    user = personas.agent_user(is_superuser=True)
    assert user.effective_role == Role.ADMIN
    assert role_of(user) == Role.ADMIN


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (Role.ADMIN, True),
        (Role.SUPERVISOR, True),
        (Role.MANAGER, True),
        (Role.PAYROLL, False),
        (Role.AGENT, False),
    ],
)
def test_report_readers_are_admins_supervisors_and_managers(who: str, expected: bool) -> None:
    assert has_role(personas.person("someone", who), *REPORT_READERS) is expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [(Role.ADMIN, True), (Role.PAYROLL, True), (Role.MANAGER, False), (Role.SUPERVISOR, False)],
)
def test_payroll_readers_are_admins_and_payroll(who: str, expected: bool) -> None:
    assert has_role(personas.person("someone", who), *PAYROLL_READERS) is expected


def test_nobody_has_a_role_among_none() -> None:
    assert has_role(personas.admin()) is False


def test_the_user_models_own_check_agrees_for_an_inactive_user() -> None:
    user = personas.admin(is_active=False)
    assert user.has_role(Role.ADMIN) is False
    assert has_role(user, Role.ADMIN) is False
