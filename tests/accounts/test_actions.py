"""Account writes: users saved with the admin site's access following the role, hashed passwords, API
tokens and lifted lockouts, each audited."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from rest_framework.authtoken.models import Token

from callcenter.accounts import actions
from callcenter.accounts.models import Role, User
from callcenter.audit.models import AuditEntry
from tests.harness import personas

pytestmark = pytest.mark.django_db


def test_an_administrator_gets_the_admin_site(admin_user: Any) -> None:
    user = User(username="ann", role=Role.ADMIN)
    user.set_unusable_password()
    assert actions.save(admin_user, user).is_staff is True


def test_a_role_change_away_from_administrator_takes_the_admin_site_away(admin_user: Any) -> None:
    user = personas.admin("ann")
    user.role = Role.SUPERVISOR
    actions.save(admin_user, user)
    user.refresh_from_db()
    assert user.is_staff is False


def test_a_superuser_keeps_the_admin_site_whatever_the_role(admin_user: Any) -> None:
    user = personas.agent_user("root", is_superuser=True)
    assert actions.save(admin_user, user).is_staff is True


def test_a_save_is_audited_with_the_changed_role(admin_user: Any) -> None:
    user = personas.agent_user("ann")
    user.role = Role.MANAGER
    actions.save(admin_user, user)
    entry = AuditEntry.objects.filter(object_id=str(user.pk)).latest("id")
    assert entry.actor == admin_user
    assert entry.changes["role"] == [Role.AGENT, Role.MANAGER]


def test_a_user_is_created_with_a_hashed_password(admin_user: Any) -> None:
    user = actions.create_user(admin_user, username="ann", password="long-and-unusual-91", role=Role.AGENT)
    user.refresh_from_db()
    assert user.password != "long-and-unusual-91"
    assert user.check_password("long-and-unusual-91")


def test_a_weak_password_is_refused_and_nobody_is_created(admin_user: Any) -> None:
    with pytest.raises(ValidationError):
        actions.create_user(admin_user, username="ann", password="123", role=Role.AGENT)
    assert not User.objects.filter(username="ann").exists()


def test_a_hostile_extension_is_refused_on_creation(admin_user: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        actions.create_user(
            admin_user,
            username="ann",
            password="long-and-unusual-91",
            role=Role.SUPERVISOR,
            phone_extension="${X}",
        )
    assert list(caught.value.message_dict) == ["phone_extension"]
    assert not User.objects.filter(username="ann").exists()


def test_a_token_is_issued_once_and_audited_once(admin_user: Any) -> None:
    user = personas.agent_user("ann")
    first = actions.issue_token(admin_user, user)
    again = actions.issue_token(admin_user, user)
    assert first.key == again.key
    assert Token.objects.filter(user=user).count() == 1
    assert AuditEntry.objects.filter(action="issue_token", object_id=str(user.pk)).count() == 1


def test_lifting_a_lockout_forgets_the_failures_of_every_address(admin_user: Any) -> None:
    user = personas.agent_user("bob")
    for address in ("10.0.0.1", "10.0.0.2"):
        AccessAttempt.objects.create(
            username="bob", ip_address=address, user_agent="test", failures_since_start=3
        )
    AccessAttempt.objects.create(
        username="eve", ip_address="10.0.0.1", user_agent="test", failures_since_start=1
    )
    assert actions.lift_lockout(admin_user, user) == 2
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["eve"]
    entry = AuditEntry.objects.get(action="lift_lockout")
    assert entry.changes == {"failure_records_removed": 2}


def test_lifting_no_lockout_removes_nothing(admin_user: Any) -> None:
    assert actions.lift_lockout(admin_user, personas.agent_user("bob")) == 0


def test_a_delete_is_audited(admin_user: Any) -> None:
    user = personas.agent_user("ann")
    pk = user.pk
    actions.delete(admin_user, user)
    assert not User.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.filter(object_id=str(pk), action="delete").exists()
