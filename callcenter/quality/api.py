"""REST API of quality: recordings (search, the audio by byte ranges), QA forms, evaluations, retention.

Reads are filtered by ``visible_to`` (a recording someone may not hear is a 404); every write, and every
play or download, goes through callcenter.quality.actions and is audited.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http.response import HttpResponseBase
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from callcenter.accounts.models import Role
from callcenter.accounts.roles import REPORT_READERS
from callcenter.core.api import ActionsModelViewSet, ErrorSerializer, ModelSerializer, RolePermission
from callcenter.quality import actions, files, hooks
from callcenter.quality.forms import RecordingSearchForm
from callcenter.quality.models import (
    Answer,
    Evaluation,
    EvaluationForm,
    FormSection,
    Question,
    Recording,
    RetentionRule,
)
from callcenter.quality.querysets import EVALUATORS
from callcenter.stats.api import FILTER_PARAMETERS
from callcenter.stats.forms import ReportFilterForm

LISTENERS = (Role.ADMIN, Role.SUPERVISOR, Role.AGENT)
AUDIO_TYPES = ("audio/wav", "audio/mpeg", "audio/ogg", "audio/x-gsm", "application/octet-stream")


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."


def _drf_error(exc: actions.QualityError) -> APIException:
    if exc.status == 404:
        return NotFound(exc.message)
    if exc.status == 403:
        return PermissionDenied(exc.message)
    if exc.status == 409:
        return Conflict(exc.message)
    return ValidationError({"non_field_errors": [exc.message]})


# --- recordings --------------------------------------------------------------------------------------------


class RecordingSerializer(ModelSerializer):
    outcome = serializers.SerializerMethodField(help_text="The call's outcome in the statistics.")
    survey_score = serializers.SerializerMethodField(help_text="The caller's survey score, 1-5.")
    file_url = serializers.SerializerMethodField(
        help_text="The audio (byte ranges accepted); null if flagged."
    )

    class Meta:
        model = Recording
        fields = [
            "id",
            "server",
            "callid",
            "queue",
            "agent",
            "agent_ref",
            "caller",
            "started_at",
            "duration_s",
            "format",
            "size",
            "status",
            "checked_at",
            "outcome",
            "survey_score",
            "file_url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_outcome(self, recording: Recording) -> str:
        return str(getattr(recording, "call_outcome", None) or "")

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_survey_score(self, recording: Recording) -> int | None:
        value = getattr(recording, "call_survey", None)
        return int(value) if value is not None else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_file_url(self, recording: Recording) -> str | None:
        if not recording.playable:
            return None
        return f"/api/quality/recordings/{recording.pk}/file/"


SEARCH_PARAMETERS = [
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="First day (in ``tz``)."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Last day (in ``tz``)."),
    OpenApiParameter(
        "tz", OpenApiTypes.STR, description="IANA time zone of the days (default: the center's)."
    ),
    OpenApiParameter("queue", OpenApiTypes.STR, description="Queue name."),
    OpenApiParameter("agent", OpenApiTypes.STR, description="Member name."),
    OpenApiParameter("caller", OpenApiTypes.STR, description="Caller number, or digits of it."),
    OpenApiParameter(
        "outcome",
        OpenApiTypes.STR,
        enum=["answered", "transferred", "abandoned", "timeout", "exitempty", "exitkey", "callback"],
        description="The call's outcome.",
    ),
    OpenApiParameter("survey_min", OpenApiTypes.INT, description="Lowest survey score, 1-5."),
    OpenApiParameter("survey_max", OpenApiTypes.INT, description="Highest survey score, 1-5."),
    OpenApiParameter("duration_min", OpenApiTypes.INT, description="Shortest duration in seconds."),
    OpenApiParameter("duration_max", OpenApiTypes.INT, description="Longest duration in seconds."),
    OpenApiParameter(
        "status",
        OpenApiTypes.STR,
        enum=[value for value, _label in Recording.Status.choices],
        description="The file's status.",
    ),
]


class AudioRenderer(BaseRenderer):
    """Lets a client ask for the audio by its type (``Accept: audio/wav``); errors are still JSON."""

    media_type = "audio/*"
    format = "audio"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()


@extend_schema_view(list=extend_schema(parameters=SEARCH_PARAMETERS))
class RecordingViewSet(viewsets.ReadOnlyModelViewSet):
    """Recorded calls this user may hear: administrators all, supervisors their teams' agents, agents their own."""

    serializer_class = RecordingSerializer
    permission_classes = [RolePermission]
    read_roles = LISTENERS

    def get_queryset(self) -> Any:
        found = Recording.objects.visible_to(self.request.user).with_call().order_by("-started_at", "-id")
        if self.action != "list":
            return found
        form = RecordingSearchForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        return form.apply(found)

    @extend_schema(
        parameters=[
            OpenApiParameter("download", OpenApiTypes.BOOL, description="true: as an attachment."),
            OpenApiParameter(
                "Range",
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                description="One byte range, e.g. bytes=0-1023 or bytes=-500 (seeking).",
            ),
        ],
        responses={
            **{
                (200, media): OpenApiResponse(OpenApiTypes.BINARY, description="The whole file.")
                for media in AUDIO_TYPES
            },
            **{
                (206, media): OpenApiResponse(OpenApiTypes.BINARY, description="The asked byte range.")
                for media in AUDIO_TYPES
            },
            416: OpenApiResponse(ErrorSerializer, description="The range lies outside the file."),
        },
        description="The recording's audio; each play or download is audited (who, which call, when).",
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, AudioRenderer])
    def file(self, request: Request, pk: str | None = None) -> HttpResponseBase:
        if not str(pk).isdigit() or len(str(pk)) > 18:
            raise NotFound
        try:
            found = actions.recording_for(request.user, int(str(pk)))
            path = actions.playable_path(found)
        except actions.QualityError as exc:
            raise _drf_error(exc) from None
        download = str(request.query_params.get("download", "")).lower() in ("1", "true")
        name = files.download_name(found.queue, found.callid, found.format)
        try:
            response = files.ranged_response(request._request, path, found.format, name, attachment=download)
        except OSError:
            actions.flag_unreadable(found)
            raise NotFound(gettext("The recording's file is missing or empty.")) from None
        if response.status_code in (200, 206):
            actions.record_access(request.user, found, download=download)
        return response


# --- QA forms ------------------------------------------------------------------------------------------------


class QuestionSerializer(ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "section", "text", "kind", "weight", "fatal", "position"]


class SectionSerializer(ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = FormSection
        fields = ["id", "form", "title", "position", "questions"]


class EvaluationFormSerializer(ModelSerializer):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta:
        model = EvaluationForm
        fields = ["id", "name", "description", "active", "sections", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class EvaluationFormViewSet(ActionsModelViewSet):
    """QA forms: name, sections of weighted questions (fatal ones zero the score). Admins and supervisors."""

    model = EvaluationForm
    actions = actions
    serializer_class = EvaluationFormSerializer
    read_roles = EVALUATORS
    write_roles = EVALUATORS

    def get_queryset(self) -> Any:
        return EvaluationForm.objects.visible_to(self.request.user).prefetch_related("sections__questions")


class SectionViewSet(ActionsModelViewSet):
    """The sections of QA forms."""

    model = FormSection
    actions = actions
    serializer_class = SectionSerializer
    read_roles = EVALUATORS
    write_roles = EVALUATORS

    def get_queryset(self) -> Any:
        return FormSection.objects.filter(form__in=EvaluationForm.objects.visible_to(self.request.user))


class QuestionViewSet(ActionsModelViewSet):
    """The questions of QA forms; a question some evaluation answered cannot be deleted (409)."""

    model = Question
    actions = actions
    serializer_class = QuestionSerializer
    read_roles = EVALUATORS
    write_roles = EVALUATORS

    def get_queryset(self) -> Any:
        return Question.objects.filter(section__form__in=EvaluationForm.objects.visible_to(self.request.user))


# --- evaluations ----------------------------------------------------------------------------------------------


class AnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    value = serializers.IntegerField(
        min_value=0,
        max_value=5,
        allow_null=True,
        help_text="0-1 (yes/no) or 0-5 (scale); null: not applicable.",
    )


class EvaluationSerializer(ModelSerializer):
    evaluator = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField()

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "recording",
            "form",
            "server",
            "callid",
            "queue",
            "agent",
            "agent_ref",
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
            {"question": question, "value": value}
            for question, value in Answer.objects.filter(evaluation=evaluation).values_list(
                "question_id", "value"
            )
        ]


class StartEvaluationSerializer(serializers.Serializer):
    recording = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    form = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class SaveEvaluationSerializer(serializers.Serializer):
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
    viewsets.GenericViewSet,
):
    """Evaluations: supervisors open one on a recording they may hear, answer, comment and close it;
    agents read their own closed ones. An open evaluation keeps its recording from the retention."""

    serializer_class = EvaluationSerializer
    permission_classes = [RolePermission]
    read_roles = LISTENERS
    write_roles = EVALUATORS

    def get_queryset(self) -> Any:
        return Evaluation.objects.visible_to(self.request.user).select_related("evaluator").order_by("-id")

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
            raise _drf_error(exc) from None
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
            raise _drf_error(exc) from None
        except DjangoValidationError as exc:
            raise ValidationError({"non_field_errors": exc.messages}) from exc
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
            raise _drf_error(exc) from None


# --- retention rules and the agents' QA figures -----------------------------------------------------------


class RetentionRuleSerializer(ModelSerializer):
    class Meta:
        model = RetentionRule
        fields = ["id", "queue", "days", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class RetentionRuleViewSet(ActionsModelViewSet):
    """Days each queue keeps its recordings (queues without a rule: RECORDING_RETENTION_DAYS)."""

    model = RetentionRule
    actions = actions
    serializer_class = RetentionRuleSerializer
    read_roles = EVALUATORS
    write_roles = (Role.ADMIN,)

    def get_queryset(self) -> Any:
        return RetentionRule.objects.select_related("queue").all()


class QAFigureSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    avg = serializers.FloatField(allow_null=True, help_text="Average score, 0-100.")


@extend_schema_serializer(many=False)
class AgentScoresSerializer(serializers.Serializer):
    agents = serializers.DictField(child=QAFigureSerializer(), help_text="Per member name.")


class AgentScoresViewSet(viewsets.ViewSet):
    """Per agent, the closed evaluations of the period's calls and their average score (the agent report's QA)."""

    permission_classes = [RolePermission]
    read_roles = REPORT_READERS
    serializer_class = AgentScoresSerializer
    pagination_class = None

    @extend_schema(parameters=FILTER_PARAMETERS, responses=AgentScoresSerializer)
    def list(self, request: Request) -> Response:
        form = ReportFilterForm(request.user, request.query_params)
        if form.is_bound and not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        return Response({"agents": hooks.qa_by_member(form.report_filter())})


def register(router: BaseRouter) -> None:
    """Register quality's viewsets on the project's API router."""
    router.register("quality/recordings", RecordingViewSet, basename="quality-recording")
    router.register("quality/forms", EvaluationFormViewSet, basename="quality-form")
    router.register("quality/sections", SectionViewSet, basename="quality-section")
    router.register("quality/questions", QuestionViewSet, basename="quality-question")
    router.register("quality/evaluations", EvaluationViewSet, basename="quality-evaluation")
    router.register("quality/retention", RetentionRuleViewSet, basename="quality-retention")
    router.register("quality/agent-scores", AgentScoresViewSet, basename="quality-agent-scores")
