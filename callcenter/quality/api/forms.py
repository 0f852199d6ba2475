"""REST API of QA forms, their sections and questions."""

from __future__ import annotations

from typing import Any

from callcenter.core.api import ActionsModelViewSet, ModelSerializer
from callcenter.quality import actions
from callcenter.quality.models import (
    EvaluationForm,
    FormSection,
    Question,
)
from callcenter.quality.querysets import EVALUATORS


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


class EvaluationFormViewSet(ActionsModelViewSet[EvaluationForm]):
    """QA forms: name, sections of weighted questions (fatal ones zero the score). Admins and supervisors."""

    model = EvaluationForm
    actions = actions
    serializer_class = EvaluationFormSerializer
    read_roles = EVALUATORS
    write_roles = EVALUATORS

    def get_queryset(self) -> Any:
        return EvaluationForm.objects.visible_to(self.request.user).prefetch_related("sections__questions")


class SectionViewSet(ActionsModelViewSet[FormSection]):
    """The sections of QA forms."""

    model = FormSection
    actions = actions
    serializer_class = SectionSerializer
    read_roles = EVALUATORS
    write_roles = EVALUATORS

    def get_queryset(self) -> Any:
        visible = EvaluationForm.objects.visible_to(self.request.user)
        return FormSection.objects.filter(form__in=visible).prefetch_related("questions")


class QuestionViewSet(ActionsModelViewSet[Question]):
    """The questions of QA forms; a question some evaluation answered cannot be deleted (409)."""

    model = Question
    actions = actions
    serializer_class = QuestionSerializer
    read_roles = EVALUATORS
    write_roles = EVALUATORS

    def get_queryset(self) -> Any:
        return Question.objects.filter(section__form__in=EvaluationForm.objects.visible_to(self.request.user))
