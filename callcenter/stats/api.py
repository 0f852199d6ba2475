"""REST API of statistics: assembled calls, the queue report JSON, stored reports (read-only), and the
callback list (assign and close)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.models import Role
from callcenter.accounts.roles import REPORT_READERS, has_role
from callcenter.agents.models import Agent, Team
from callcenter.core.api import ModelSerializer, RolePermission, django_errors_to_drf
from callcenter.core.phones import phone_key
from callcenter.core.validators import MAX_DATE, MIN_DATE
from callcenter.stats import actions, reports
from callcenter.stats.forms import ReportFilterForm
from callcenter.stats.models import Call, Callback, ReportRun


class CallSerializer(ModelSerializer):
    class Meta:
        model = Call
        fields = [
            "id",
            "server",
            "callid",
            "queue",
            "queue_ref",
            "caller",
            "entered_at",
            "connected_at",
            "ended_at",
            "outcome",
            "wait_s",
            "talk_s",
            "agent",
            "agent_ref",
            "transfer_target",
            "ended_by",
            "exit_key",
            "survey_score",
            "recording",
        ]


class ReportRunSerializer(ModelSerializer):
    class Meta:
        model = ReportRun
        fields = [
            "id",
            "kind",
            "fmt",
            "params",
            "status",
            "progress",
            "file",
            "error",
            "nightly",
            "report_date",
            "created_at",
            "finished_at",
        ]


# The query parameters of every statistics endpoint (validated by ReportFilterForm).
FILTER_PARAMETERS = [
    OpenApiParameter(
        "date_from",
        OpenApiTypes.DATE,
        description="First day of the period (with date_to; both default to today). "
        f"Dates from {MIN_DATE} to {MAX_DATE}.",
    ),
    OpenApiParameter(
        "date_to", OpenApiTypes.DATE, description="Last day of the period, at most 366 days on."
    ),
    OpenApiParameter("tz", OpenApiTypes.STR, description="IANA time zone of the days, e.g. Europe/Moscow."),
    OpenApiParameter(
        "queues", OpenApiTypes.STR, many=True, description="Queue names (default: every visible)."
    ),
    OpenApiParameter("agents", OpenApiTypes.STR, description="Member names, separated by commas."),
    OpenApiParameter(
        "sl", OpenApiTypes.STR, description="Service-level thresholds in seconds, e.g. 20,30,60."
    ),
]


class ServiceLevelSerializer(serializers.Serializer):
    of_answered_pct = serializers.FloatField()
    of_offered_pct = serializers.FloatField()


class SurveySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    avg = serializers.FloatField(allow_null=True)


class QueueSummarySerializer(serializers.Serializer):
    offered = serializers.IntegerField()
    answered = serializers.IntegerField()
    abandoned = serializers.IntegerField()
    timeout = serializers.IntegerField()
    exitempty = serializers.IntegerField()
    exitkey = serializers.IntegerField()
    callbacks = serializers.IntegerField()
    callbacks_answered = serializers.IntegerField()
    transfers = serializers.IntegerField()
    avg_wait_answered_s = serializers.FloatField()
    max_wait_answered_s = serializers.IntegerField()
    avg_wait_abandoned_s = serializers.FloatField()
    avg_talk_s = serializers.FloatField()
    sl = serializers.DictField(child=ServiceLevelSerializer(), help_text="Per threshold in seconds.")
    survey = SurveySerializer()


class AgentSummarySerializer(serializers.Serializer):
    answered = serializers.IntegerField()
    talk_s = serializers.IntegerField()
    missed = serializers.IntegerField()
    transfers = serializers.IntegerField()
    pause_s = serializers.IntegerField()
    pause_by_reason = serializers.DictField(child=serializers.IntegerField(), help_text="Seconds per reason.")
    survey = SurveySerializer()
    callbacks = serializers.IntegerField()
    callback_talk_s = serializers.IntegerField()


@extend_schema_serializer(many=False)  # served by a "list" route, yet one object
class QueueReportSerializer(serializers.Serializer):
    """The queue report of a period (docs/reports.md); ``from`` and ``to`` are the period's days."""

    to = serializers.DateField()
    tz = serializers.CharField()
    queues = serializers.DictField(child=QueueSummarySerializer(), help_text="Per queue name.")
    agents = serializers.DictField(child=AgentSummarySerializer(), help_text="Per member name.")

    def get_fields(self) -> dict[str, serializers.Field]:
        # "from" is a Python keyword, so it cannot be declared in the class body.
        return {"from": serializers.DateField(), **super().get_fields()}


def _filter(request: Request) -> reports.ReportFilter:
    form = ReportFilterForm(request.user, request.query_params)
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return form.report_filter()


@extend_schema_view(list=extend_schema(parameters=FILTER_PARAMETERS))
class CallViewSet(viewsets.ReadOnlyModelViewSet):
    """Assembled queue calls of a period (``date_from``, ``date_to``, ``tz``, ``queues``), visible queues only."""

    serializer_class = CallSerializer
    permission_classes = [RolePermission]
    read_roles = REPORT_READERS

    def get_queryset(self) -> Any:
        flt = _filter(self.request)
        return reports.calls(flt).order_by("entered_at", "id")


class QueueReportViewSet(viewsets.ViewSet):
    """The queue report JSON (same shape as ``manage.py queue_report --format json``)."""

    permission_classes = [RolePermission]
    read_roles = REPORT_READERS
    serializer_class = QueueReportSerializer
    pagination_class = None

    @extend_schema(parameters=FILTER_PARAMETERS, responses=QueueReportSerializer)
    def list(self, request: Request) -> Response:
        return Response(reports.queue_report(_filter(request)))


class ReportRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Stored reports (nightly and requested) with their progress."""

    serializer_class = ReportRunSerializer
    permission_classes = [RolePermission]
    read_roles = REPORT_READERS

    def get_queryset(self) -> Any:
        return ReportRun.objects.visible_to(self.request.user)


class CallbackSerializer(ModelSerializer):
    time_to_callback_s = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="From the first call or request to the callback."
    )

    class Meta:
        model = Callback
        fields = [
            "id",
            "number",
            "kind",
            "caller",
            "queue",
            "requested_at",
            "last_call_at",
            "attempts",
            "max_wait_s",
            "status",
            "agent",
            "team",
            "assigned_at",
            "outcome",
            "called_back_at",
            "closed_at",
            "closed_agent",
            "note",
            "time_to_callback_s",
        ]
        read_only_fields = fields


class CallbackQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Callback.Status.choices, required=False)
    queue = serializers.CharField(required=False, max_length=128)
    number = serializers.CharField(required=False, max_length=32, help_text="Any written form.")


class CallbackAssignSerializer(serializers.Serializer):
    agent = serializers.PrimaryKeyRelatedField(queryset=Agent.objects.all(), required=False, allow_null=True)
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("agent") is not None and attrs.get("team") is not None:
            raise ValidationError({"non_field_errors": ["Assign to an agent or to a team, not both."]})
        return attrs


class CallbackCloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[(value, value) for value in actions.MANUAL_OUTCOMES])
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=Callback.Status.values, description="Only these."
            ),
            OpenApiParameter("queue", OpenApiTypes.STR, description="Only this queue's entries."),
            OpenApiParameter("number", OpenApiTypes.STR, description="Only this number (any written form)."),
        ]
    )
)
class CallbackViewSet(viewsets.ReadOnlyModelViewSet):
    """The callback list: one entry per number to call back, assigned, dialled and closed with an outcome.

    Supervisors see the entries of their queues and teams, agents those assigned to them or their team.
    """

    serializer_class = CallbackSerializer
    permission_classes = [RolePermission]
    read_roles = (*REPORT_READERS, Role.AGENT)
    write_roles = (*REPORT_READERS, Role.AGENT)

    def get_queryset(self) -> Any:
        queryset = Callback.objects.visible_to(self.request.user).order_by("-last_call_at", "-id")
        if self.action != "list":
            return queryset
        query = CallbackQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        if values.get("status"):
            queryset = queryset.filter(status=values["status"])
        if values.get("queue"):
            queryset = queryset.filter(queue=values["queue"])
        if values.get("number"):
            queryset = queryset.filter(number=phone_key(values["number"]))
        return queryset

    @extend_schema(request=CallbackAssignSerializer, responses=CallbackSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        """Give the entry to an agent or a team (both empty: to nobody). Supervisors, managers, admins."""
        if not has_role(request.user, *REPORT_READERS):
            self.permission_denied(request)
        entry = self.get_object()
        form = CallbackAssignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        agent, team = form.validated_data.get("agent"), form.validated_data.get("team")
        if agent is not None and not Agent.objects.visible_to(request.user).filter(pk=agent.pk).exists():
            raise ValidationError({"agent": ["Not one of your agents."]})
        if team is not None and not Team.objects.visible_to(request.user).filter(pk=team.pk).exists():
            raise ValidationError({"team": ["Not one of your teams."]})
        try:
            entry = actions.assign_callback(request.user, entry, agent=agent, team=team)
        except DjangoValidationError as exc:
            raise django_errors_to_drf(exc) from exc
        return Response(CallbackSerializer(entry).data)

    @extend_schema(request=CallbackCloseSerializer, responses=CallbackSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close the entry with its outcome; an agent closes the entries assigned to them or their team."""
        entry = self.get_object()
        form = CallbackCloseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            entry = actions.close_callback(
                request.user, entry, form.validated_data["outcome"], note=form.validated_data["note"]
            )
        except DjangoValidationError as exc:
            raise django_errors_to_drf(exc) from exc
        return Response(CallbackSerializer(entry).data)
