"""The one place that writes users: creation with a hashed password, role changes, tokens, lockouts."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as reset_failed_sign_ins
from django.contrib.auth.password_validation import validate_password
from django.db import models, transaction
from rest_framework.authtoken.models import Token

from callcenter.accounts.models import Role, User
from callcenter.audit.actions import delete_audited, record, save_validated


def save(actor: Any, instance: User, *, m2m: dict[str, Any] | None = None) -> User:
    """Create or update a user; admins get access to the admin site, others do not."""
    instance.is_staff = instance.role == Role.ADMIN or instance.is_superuser
    return save_validated(actor, instance, m2m=m2m)


def delete(actor: Any, instance: models.Model) -> None:
    delete_audited(actor, instance)


def create_user(actor: Any, *, username: str, password: str, role: str, **fields: Any) -> User:
    """Create a user with a validated, hashed password."""
    user = User(username=username, role=role, **fields)
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        return save(actor, user)


def issue_token(actor: Any, user: User) -> Token:
    """Issue (or return) the API token of a user, audited."""
    token, created = Token.objects.get_or_create(user=user)
    if created:
        record(actor, "issue_token", user)
    return token


def lift_lockout(actor: Any, user: User) -> int:
    """Forget the failed sign-ins of a user name (from every address), lifting its lockout; audited.

    Returns how many failure records were removed (0: the user was not locked out nor had failures).
    """
    with transaction.atomic():
        removed: int = reset_failed_sign_ins(username=user.get_username())
        record(actor, "lift_lockout", user, changes={"failure_records_removed": removed})
    return removed
