"""An inline that only shows the rows under their parent: nothing is added, changed or deleted there."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

_ChildT = TypeVar("_ChildT", bound=models.Model)
_ParentT = TypeVar("_ParentT", bound=models.Model)


class ShownTabularInline(admin.TabularInline[_ChildT, _ParentT]):
    """Every field shown is read-only (``fields``, or else every field of the model); no empty row for a new
    one, no delete box."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields or [field.name for field in self.model._meta.fields]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
