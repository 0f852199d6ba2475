"""The roles people have in the center and the role checks shared by views, the API and consumers.

Kept at the bottom (core) so every app may check a role without importing accounts; the user model in
callcenter.accounts stores one of these roles per person.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does in the center; permissions and visibility follow from it."""

    ADMIN = "admin", _("Administrator")
    SUPERVISOR = "supervisor", _("Supervisor")
    MANAGER = "manager", _("Manager")
    PAYROLL = "payroll", _("Payroll")
    AGENT = "agent", _("Agent")


CONFIG_READERS = (Role.ADMIN, Role.SUPERVISOR, Role.MANAGER)
REPORT_READERS = (Role.ADMIN, Role.SUPERVISOR, Role.MANAGER)
PAYROLL_READERS = (Role.ADMIN, Role.PAYROLL)
LIVE_WATCHERS = (Role.ADMIN, Role.SUPERVISOR, Role.MANAGER)


def role_of(user: Any) -> str | None:
    """The effective role of a signed-in user, or None for anonymous and inactive users."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return str(user.effective_role)


def has_role(user: Any, *roles: str) -> bool:
    role = role_of(user)
    return role is not None and role in roles
