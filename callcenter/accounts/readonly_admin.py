"""The admin of rows that only the application writes (loader, dialer, imports, actions): shown, never edited."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import HttpRequest

from callcenter.accounts.models import Role
from callcenter.accounts.roles import has_role
from callcenter.core.admin import NoWritesAdmin

_ModelT = TypeVar("_ModelT", bound=models.Model)

__all__ = ["NoWritesAdmin", "ReadOnlyAdmin"]


class ReadOnlyAdmin(NoWritesAdmin[_ModelT]):
    """Administrators (the role, or Django's model permissions) may look; nobody adds, changes or deletes here."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_role(request.user, Role.ADMIN) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_role(request.user, Role.ADMIN) or super().has_view_permission(request, obj)
