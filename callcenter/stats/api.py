"""REST API of statistics: assembled calls, the queue report JSON, and stored reports (read-only)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.roles import REPORT_READERS
from callcenter.core.api import ModelSerializer, RolePermission
from callcenter.core.validators import MAX_DATE, MIN_DATE
from callcenter.stats import reports
from callcenter.stats.forms import ReportFilterForm
from callcenter.stats.models import Call, ReportRun


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
