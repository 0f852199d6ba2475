"""REST API of the agents' QA figures over a report period."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.roles import REPORT_READERS
from callcenter.core.api import RolePermission
from callcenter.quality import hooks
from callcenter.stats.api.reports import FILTER_PARAMETERS
from callcenter.stats.forms import ReportFilterForm


class QAFigureSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    avg = serializers.FloatField(allow_null=True, help_text="Average score, 0-100.")


@extend_schema_serializer(many=False)
class AgentScoresSerializer(serializers.Serializer[Any]):
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
