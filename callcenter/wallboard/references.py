"""A serializer field naming an optional related object by its slug (a queue by name, a tier by code)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from rest_framework import serializers

_M = TypeVar("_M", bound=Model)


def optional_slug(
    slug_field: str, queryset: QuerySet[_M], help_text: str
) -> serializers.SlugRelatedField[_M]:
    """The object of ``queryset`` whose ``slug_field`` is the value given; null or absent means none."""
    return serializers.SlugRelatedField(
        slug_field=slug_field, queryset=queryset, allow_null=True, required=False, help_text=help_text
    )
