"""REST API of statistics: assembled calls, the queue report JSON and stored reports (read-only)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.roles import REPORT_READERS
from callcenter.core.api import RolePermission
from callcenter.core.validators import MAX_DATE, MIN_DATE
from callcenter.stats import reports
from callcenter.stats.api.serializers import CallSerializer, QueueReportSerializer, ReportRunSerializer
from callcenter.stats.forms import ReportFilterForm
from callcenter.stats.models import Call, ReportRun

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


def report_filter(request: Request) -> reports.ReportFilter:
    form = ReportFilterForm(request.user, request.query_params)
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return form.report_filter()


@extend_schema_view(list=extend_schema(parameters=FILTER_PARAMETERS))
class CallViewSet(viewsets.ReadOnlyModelViewSet[Call]):
    """Assembled queue calls of a period (``date_from``, ``date_to``, ``tz``, ``queues``), visible queues only."""

    serializer_class = CallSerializer
    permission_classes = [RolePermission]
    read_roles = REPORT_READERS

    def get_queryset(self) -> Any:
        flt = report_filter(self.request)
        return reports.calls(flt).order_by("entered_at", "id")


class QueueReportViewSet(viewsets.ViewSet):
    """The queue report JSON (same shape as ``manage.py queue_report --format json``)."""

    permission_classes = [RolePermission]
    read_roles = REPORT_READERS
    serializer_class = QueueReportSerializer
    pagination_class = None

    @extend_schema(parameters=FILTER_PARAMETERS, responses=QueueReportSerializer)
    def list(self, request: Request) -> Response:
        return Response(reports.queue_report(report_filter(request)))


class ReportRunViewSet(viewsets.ReadOnlyModelViewSet[ReportRun]):
    """Stored reports (nightly and requested) with their progress."""

    serializer_class = ReportRunSerializer
    permission_classes = [RolePermission]
    read_roles = REPORT_READERS

    def get_queryset(self) -> Any:
        return ReportRun.objects.visible_to(self.request.user)
