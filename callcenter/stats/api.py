"""REST API of statistics: assembled calls, the queue report JSON, and stored reports (read-only)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.roles import REPORT_READERS
from callcenter.core.api import RolePermission
from callcenter.stats import reports
from callcenter.stats.forms import ReportFilterForm
from callcenter.stats.models import Call, ReportRun


class CallSerializer(serializers.ModelSerializer):
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


class ReportRunSerializer(serializers.ModelSerializer):
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


def _filter(request: Request) -> reports.ReportFilter:
    form = ReportFilterForm(request.user, request.query_params)
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return form.report_filter()


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

    def list(self, request: Request) -> Response:
        return Response(reports.queue_report(_filter(request)))


class ReportRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Stored reports (nightly and requested) with their progress."""

    serializer_class = ReportRunSerializer
    permission_classes = [RolePermission]
    read_roles = REPORT_READERS

    def get_queryset(self) -> Any:
        return ReportRun.objects.visible_to(self.request.user)
