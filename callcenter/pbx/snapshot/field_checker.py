"""The check of a rendered value by the validators of the model field it came from."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError


class FieldChecker:
    """Runs a model field's own ``clean`` on a value, remembering values already accepted (speed)."""

    def __init__(self) -> None:
        self._accepted: set[tuple[str, str, Any]] = set()
        self._fields: dict[tuple[str, str], Any] = {}

    def check(self, label: str, name: str, value: Any) -> str | None:
        key = (label, name, value)
        if key in self._accepted:
            return None
        model_field = self._fields.get((label, name))
        if model_field is None:
            model_field = apps.get_model(label)._meta.get_field(name)
            self._fields[(label, name)] = model_field
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            return f"unexpected value type {type(value).__name__}"
        try:
            model_field.clean(value, None)
        except ValidationError as exc:
            return "; ".join(str(message) for message in exc.messages)
        self._accepted.add(key)
        return None
