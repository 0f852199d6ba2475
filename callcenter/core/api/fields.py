"""Serializer fields every endpoint shares: dates limited to a sane range, Asterisk-safe text."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from rest_framework import serializers

from callcenter.core.validators import AsteriskSafeValidator, validate_date_in_range

_ModelT = TypeVar("_ModelT", bound=models.Model)


class BoundedDateField(serializers.DateField):
    """A date between MIN_DATE and MAX_DATE; anything else is a 400 naming the accepted range."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if validate_date_in_range not in self.validators:  # the model field may carry it already
            self.validators.append(validate_date_in_range)


class BoundedDateTimeField(serializers.DateTimeField):
    """A date and time whose date lies between MIN_DATE and MAX_DATE."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if validate_date_in_range not in self.validators:  # the model field may carry it already
            self.validators.append(validate_date_in_range)


class ModelSerializer(serializers.ModelSerializer[_ModelT]):
    """A model serializer for the API's writes.

    Date and date-time fields accept only the sane range of dates. Text bound for Asterisk is taken as
    it is: DRF would strip surrounding whitespace (a trailing newline included) before the model's
    validators see it, silently accepting a value other than the one sent.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: BoundedDateField,
        models.DateTimeField: BoundedDateTimeField,
    }

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[type[Any], dict[str, Any]]:
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        asterisk_bound = any(isinstance(item, AsteriskSafeValidator) for item in model_field.validators)
        if asterisk_bound and issubclass(field_class, serializers.CharField):
            field_kwargs["trim_whitespace"] = False
        return field_class, field_kwargs
