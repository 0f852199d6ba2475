"""REST API of QA evaluations: opened on a recording, answered, closed or discarded."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.core.api import ErrorSerializer, ModelSerializer, RolePermission
from callcenter.quality import actions
from callcenter.quality.api.common import CALL_FIELDS, LISTENERS, drf_error
from callcenter.quality.models import Evaluation, EvaluationForm, Recording
from callcenter.quality.querysets import EVALUATORS


class AnswerSerializer(serializers.Serializer[Any]):
    question = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    value = serializers.IntegerField(
        min_value=0,
        max_value=5,
        allow_null=True,
        help_text="0-1 (yes/no) or 0-5 (scale); null: not applicable.",
    )


class EvaluationSerializer(ModelSerializer[Evaluation]):
    evaluator = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField()

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "recording",
            "form",
            *CALL_FIELDS,
            "call_started_at",
            "evaluator",
            "status",
            "score",
            "fatal_failed",
            "comment",
            "answers",
            "created_at",
            "updated_at",
            "closed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_evaluator(self, evaluation: Evaluation) -> str:
        return evaluation.evaluator.get_username() if evaluation.evaluator else ""

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, evaluation: Evaluation) -> list[dict[str, Any]]:
        return [
            {"question": answer.question_id, "value": answer.value} for answer in evaluation.answers.all()
        ]


class StartEvaluationSerializer(serializers.Serializer[Any]):
    recording = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    form = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class SaveEvaluationSerializer(serializers.Serializer[Any]):
    answers = serializers.ListField(child=AnswerSerializer(), required=False, max_length=500)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000, trim_whitespace=False)


@extend_schema_view(
    create=extend_schema(request=StartEvaluationSerializer, responses={201: EvaluationSerializer}),
    update=extend_schema(request=SaveEvaluationSerializer, responses=EvaluationSerializer),
    partial_update=extend_schema(request=SaveEvaluationSerializer, responses=EvaluationSerializer),
)
class EvaluationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Evaluation],
):
    """Evaluations: supervisors open one on a recording they may hear, answer, comment and close it;
    agents read their own closed ones. An open evaluation keeps its recording from the retention."""

    serializer_class = EvaluationSerializer
    permission_classes = [RolePermission]
    read_roles = LISTENERS
    write_roles = EVALUATORS

    def get_queryset(self) -> Any:
        queryset = (
            Evaluation.objects.visible_to(self.request.user).select_related("evaluator").order_by("-id")
        )
        # A list reads every evaluation's answers at once; a single one is read fresh after its writes.
        return queryset.prefetch_related("answers") if self.action == "list" else queryset

    def create(self, request: Request) -> Response:
        query = StartEvaluationSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        recording = (
            Recording.objects.visible_to(request.user).filter(pk=query.validated_data["recording"]).first()
        )
        if recording is None:
            raise ValidationError({"recording": ["No such recording."]})
        form = EvaluationForm.objects.filter(pk=query.validated_data["form"]).first()
        if form is None:
            raise ValidationError({"form": ["No such form."]})
        try:
            evaluation = actions.start_evaluation(request.user, recording, form)
        except actions.QualityError as exc:
            raise drf_error(exc) from None
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)

    def _save(self, request: Request, *, close: bool) -> Response:
        evaluation = self.get_object()
        body = SaveEvaluationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answers = {item["question"]: item["value"] for item in body.validated_data.get("answers", [])}
        try:
            saved = actions.save_evaluation(
                request.user, evaluation, answers, comment=body.validated_data.get("comment"), close=close
            )
        except actions.QualityError as exc:
            raise drf_error(exc) from None
        return Response(EvaluationSerializer(saved).data)

    def update(self, request: Request, pk: str | None = None) -> Response:
        return self._save(request, close=False)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self._save(request, close=False)

    @extend_schema(
        request=SaveEvaluationSerializer,
        responses={
            200: EvaluationSerializer,
            409: OpenApiResponse(ErrorSerializer, description="Already closed."),
        },
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Save the answers given (if any) and close: every question answered, the score final."""
        return self._save(request, close=True)

    def perform_destroy(self, instance: Evaluation) -> None:
        try:
            actions.discard_evaluation(self.request.user, instance)
        except actions.QualityError as exc:
            raise drf_error(exc) from None
