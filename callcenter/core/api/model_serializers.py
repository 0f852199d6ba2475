"""Model serializers built from their model: every field but the timestamps and the ones left out."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from rest_framework import serializers

from callcenter.core.api.fields import ModelSerializer

_ModelT = TypeVar("_ModelT", bound=models.Model)

TIMESTAMPS = ("created_at", "updated_at")


def serializer_for(
    model_class: type[_ModelT],
    *,
    exclude: tuple[str, ...] = (),
    write_only: tuple[str, ...] = (),
    extra_kwargs: dict[str, dict[str, Any]] | None = None,
) -> type[ModelSerializer[_ModelT]]:
    """A ``ModelSerializer`` named ``<Model>Serializer`` (its schema name) of every field but the
    timestamps and ``exclude``; each ``write_only`` field (a secret) is taken as sent, never shown."""
    meta = type(
        "Meta",
        (),
        {"model": model_class, "exclude": [*TIMESTAMPS, *exclude], "extra_kwargs": extra_kwargs or {}},
    )
    secrets = {
        name: serializers.CharField(write_only=True, required=False, allow_blank=True, trim_whitespace=False)
        for name in write_only
    }
    return type(f"{model_class.__name__}Serializer", (ModelSerializer,), {"Meta": meta, **secrets})
