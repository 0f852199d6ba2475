"""Seeding idempotently: one object created or updated through its app's actions, only when it differs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def upsert(
    actor: Any, save: Callable[[Any, Any], Any], model: Any, lookup: dict[str, Any], values: dict[str, Any]
) -> Any:
    """Create or update one object through the app's actions, writing only when something differs."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        return save(actor, instance)
    if any(getattr(instance, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(instance, key, value)
        return save(actor, instance)
    return instance
