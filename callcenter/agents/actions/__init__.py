"""The one place that writes agents, teams, memberships and pause reasons, including the HR import."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from callcenter.agents.actions.hr_import import IMPORT_COLUMNS, AgentImportError, import_agents
from callcenter.audit.actions import delete_audited, save_validated

M = TypeVar("M", bound=models.Model)

__all__ = ["IMPORT_COLUMNS", "AgentImportError", "delete", "import_agents", "save"]


def save(actor: Any, instance: M, *, m2m: dict[str, Any] | None = None) -> M:
    """Create or update an agent, team, membership or pause reason."""
    return save_validated(actor, instance, m2m=m2m)


def delete(actor: Any, instance: models.Model) -> None:
    """Delete an agent, team, membership or pause reason, audited."""
    delete_audited(actor, instance)
