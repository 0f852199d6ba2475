"""Role checks shared by views, the API and consumers."""

from __future__ import annotations

from typing import Any

from callcenter.accounts.models import Role

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
