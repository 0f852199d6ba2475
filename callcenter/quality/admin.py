"""Admin: retention rules and QA forms are edited through actions (audited); recordings and evaluations
are shown read-only (they change only through the import, the retention and the evaluation pages)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from callcenter.accounts.models import Role
from callcenter.accounts.readonly_admin import ReadOnlyAdmin
from callcenter.accounts.roles import has_role
from callcenter.core.admin import ActionsModelAdmin
from callcenter.quality import actions
from callcenter.quality.models import (
    Evaluation,
    EvaluationForm,
    FormSection,
    Question,
    Recording,
    RetentionRule,
)

_ModelT = TypeVar("_ModelT", bound=models.Model)


def _is_admin(request: HttpRequest) -> bool:
    return has_role(request.user, Role.ADMIN)


@admin.register(Recording)
class RecordingAdmin(ReadOnlyAdmin[Recording]):
    list_display = ["started_at", "queue", "agent", "caller", "duration_s", "status", "server", "callid"]
    list_filter = ["status", "queue", "server"]
    search_fields = ["callid", "caller", "agent"]
    date_hierarchy = "started_at"


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin[Evaluation]):
    list_display = ["call_started_at", "queue", "agent", "form", "evaluator", "status", "score"]
    list_filter = ["status", "form"]


class AdministratorsAdmin(ActionsModelAdmin[_ModelT]):
    """Administrators (by role) edit these; each save and delete goes through quality's actions, audited."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_admin(request) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_admin(request) or super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request) or super().has_delete_permission(request, obj)


@admin.register(RetentionRule)
class RetentionRuleAdmin(AdministratorsAdmin[RetentionRule]):
    actions_module = actions
    list_display = ["queue", "days"]


@admin.register(EvaluationForm)
class EvaluationFormAdmin(AdministratorsAdmin[EvaluationForm]):
    actions_module = actions
    list_display = ["name", "active", "updated_at"]


@admin.register(FormSection)
class FormSectionAdmin(AdministratorsAdmin[FormSection]):
    actions_module = actions
    list_display = ["title", "form", "position"]
    list_filter = ["form"]


@admin.register(Question)
class QuestionAdmin(AdministratorsAdmin[Question]):
    actions_module = actions
    list_display = ["text", "section", "kind", "weight", "fatal", "position"]
    list_filter = ["section__form", "kind", "fatal"]
