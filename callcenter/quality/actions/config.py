"""Refusals of quality actions, and the configuration rows: forms, sections, questions, retention rules."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from callcenter.accounts.roles import role_of
from callcenter.audit.actions import delete_audited, save_validated
from callcenter.quality.models import (
    EvaluationForm,
    RetentionRule,
)
from callcenter.quality.querysets import EVALUATORS

M = TypeVar("M", bound=models.Model)


class QualityError(Exception):
    """A refused action; ``message`` is worded for the person who asked, ``status`` is the HTTP answer."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _check_editor(actor: Any, instance: models.Model) -> None:
    """QA forms: administrators and supervisors; retention rules: administrators (None: the system)."""
    if actor is None:
        return
    if isinstance(instance, RetentionRule):
        if role_of(actor) != "admin":
            raise QualityError(_("Only administrators may change how long recordings are kept."), status=403)
    elif role_of(actor) not in EVALUATORS:
        raise QualityError(_("Only administrators and supervisors may change QA forms."), status=403)


def save(actor: Any, instance: M, *, m2m: dict[str, Any] | None = None) -> M:
    """Create or update a form, section, question or retention rule, audited."""
    _check_editor(actor, instance)
    if isinstance(instance, EvaluationForm) and instance.pk is None and instance.created_by_id is None:
        instance.created_by = actor if getattr(actor, "pk", None) else None
    return save_validated(actor, instance, m2m=m2m)


def delete(actor: Any, instance: models.Model) -> None:
    """Delete a form, section, question or retention rule, audited; answered questions are protected."""
    _check_editor(actor, instance)
    delete_audited(actor, instance)
