"""The admin of rows that only the application writes (loader, dialer, imports, actions): shown, never edited."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from callcenter.accounts.models import Role
from callcenter.accounts.roles import has_role

_ModelT = TypeVar("_ModelT", bound=models.Model)


class NoWritesAdmin(admin.ModelAdmin[_ModelT]):
    """Shown to whoever may view it (Django's model permissions); nobody adds, changes or deletes here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(NoWritesAdmin[_ModelT]):
    """Administrators (the role, or Django's model permissions) may look; nobody adds, changes or deletes here."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_role(request.user, Role.ADMIN) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_role(request.user, Role.ADMIN) or super().has_view_permission(request, obj)
