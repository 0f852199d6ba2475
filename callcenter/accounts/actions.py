"""The one place that writes users: creation with a hashed password, role changes, tokens."""

from __future__ import annotations

from typing import Any

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
