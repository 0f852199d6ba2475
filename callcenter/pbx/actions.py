"""The one place that writes PBX configuration: validates, saves and audits."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from callcenter.audit.actions import delete_audited, save_validated

M = TypeVar("M", bound=models.Model)


def save(actor: Any, instance: M, *, m2m: dict[str, Any] | None = None) -> M:
    """Create or update any PBX object (server, trunk, queue, schedule, IVR, route)."""
    return save_validated(actor, instance, m2m=m2m)


def delete(actor: Any, instance: models.Model) -> None:
    """Delete any PBX object, audited."""
    delete_audited(actor, instance)
