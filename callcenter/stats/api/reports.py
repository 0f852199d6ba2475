"""REST API of statistics: assembled calls, the queue report JSON and stored reports (read-only)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.roles import REPORT_READERS
from callcenter.core.api import RolePermission
from callcenter.stats import reports
from callcenter.stats.api.filters import FILTER_PARAMETERS, ReportViewSet, report_filter
from callcenter.stats.api.queue_report import QueueReportSerializer
from callcenter.stats.api.serializers import CallSerializer, ReportRunSerializer
from callcenter.stats.models import Call, ReportRun


@extend_schema_view(list=extend_schema(parameters=FILTER_PARAMETERS))
class CallViewSet(viewsets.ReadOnlyModelViewSet[Call]):
    """Assembled queue calls of a period (``date_from``, ``date_to``, ``tz``, ``queues``), visible queues only."""

    serializer_class = CallSerializer
    permission_classes = [RolePermission]
    read_roles = REPORT_READERS

    def get_queryset(self) -> Any:
        flt = report_filter(self.request)
        return reports.calls(flt).order_by("entered_at", "id")


class QueueReportViewSet(ReportViewSet):
    """The queue report JSON (same shape as ``manage.py queue_report --format json``)."""

    serializer_class = QueueReportSerializer

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
