"""An admin base class whose saves and deletes go through the app's actions module."""

from __future__ import annotations

from types import ModuleType
from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

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
