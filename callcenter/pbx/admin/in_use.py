"""Refusing, in the admin, to delete audio that is still played somewhere."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.text import capfirst

from callcenter.pbx.models import audio_users

_ModelT = TypeVar("_ModelT", bound=models.Model)


class ProtectInUseMixin(admin.ModelAdmin[_ModelT]):
    """A delete is refused while a row is still played somewhere (``audio_users``)."""

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, Any, Any, Any]:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        in_use = [
            f"{capfirst(user._meta.verbose_name)}: {user} ({obj})"
            for obj in objs
            for user in audio_users(obj)
        ]
        return deleted, counts, perms_needed, [*protected, *in_use]
