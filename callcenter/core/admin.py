"""Admin base classes (writes through the app's actions module, or no writes at all) and the refusal of an
admin action to anyone but an administrator."""

from __future__ import annotations

from types import ModuleType
from typing import Any, TypeVar

from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest
from django_stubs_ext import StrOrPromise

from callcenter.core.roles import Role, has_role

_ModelT = TypeVar("_ModelT", bound=models.Model)


class ActionsModelAdmin(admin.ModelAdmin[_ModelT]):
    """Writes through ``actions.save`` / ``actions.delete`` so that the admin is audited like the API."""

    actions_module: ModuleType

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        self.actions_module.save(request.user, obj)

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        self.actions_module.delete(request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.actions_module.delete(request.user, obj)


class NoWritesAdmin(admin.ModelAdmin[_ModelT]):
    """Shown to whoever may view it (Django's model permissions); nobody adds, changes or deletes here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def refused_to_non_admin(
    model_admin: admin.ModelAdmin[Any], request: HttpRequest, refusal: StrOrPromise
) -> bool:
    """True, with ``refusal`` shown as an error, unless the user is an administrator."""
    if has_role(request.user, Role.ADMIN):
        return False
    model_admin.message_user(request, refusal, messages.ERROR)
    return True
