"""REST API of QA forms, their sections and questions."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from callcenter.core.api import ActionsModelViewSet, ModelSerializer
from callcenter.quality import actions
from callcenter.quality.models import (
    EvaluationForm,
    FormSection,
    Question,
)
from callcenter.quality.querysets import EVALUATORS

_ModelT = TypeVar("_ModelT", bound=models.Model)


class QuestionSerializer(ModelSerializer[Question]):
    class Meta:
        model = Question
        fields = ["id", "section", "text", "kind", "weight", "fatal", "position"]


class SectionSerializer(ModelSerializer[FormSection]):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = FormSection
        fields = ["id", "form", "title", "position", "questions"]


class EvaluationFormSerializer(ModelSerializer[EvaluationForm]):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta:
        model = EvaluationForm
        fields = ["id", "name", "description", "active", "sections", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class FormConfigViewSet(ActionsModelViewSet[_ModelT]):
    """QA form configuration: evaluators read and write it, through ``quality.actions``."""

    actions = actions
    read_roles = EVALUATORS
    write_roles = EVALUATORS

    def visible_forms(self) -> Any:
        """The QA forms the requesting user may see."""
        return EvaluationForm.objects.visible_to(self.request.user)


class EvaluationFormViewSet(FormConfigViewSet[EvaluationForm]):
    """QA forms: name, sections of weighted questions (fatal ones zero the score). Admins and supervisors."""

    model = EvaluationForm
    serializer_class = EvaluationFormSerializer

    def get_queryset(self) -> Any:
        return self.visible_forms().prefetch_related("sections__questions")


class SectionViewSet(FormConfigViewSet[FormSection]):
    """The sections of QA forms."""

    model = FormSection
    serializer_class = SectionSerializer

    def get_queryset(self) -> Any:
        return FormSection.objects.filter(form__in=self.visible_forms()).prefetch_related("questions")


class QuestionViewSet(FormConfigViewSet[Question]):
    """The questions of QA forms; a question some evaluation answered cannot be deleted (409)."""

    model = Question
    serializer_class = QuestionSerializer

    def get_queryset(self) -> Any:
        return Question.objects.filter(section__form__in=self.visible_forms())
