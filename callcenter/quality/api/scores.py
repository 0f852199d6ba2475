"""REST API of the agents' QA figures over a report period."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.quality import hooks
from callcenter.stats.api.filters import FILTER_PARAMETERS, ReportViewSet, report_filter


class QAFigureSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    avg = serializers.FloatField(allow_null=True, help_text="Average score, 0-100.")


@extend_schema_serializer(many=False)
class AgentScoresSerializer(serializers.Serializer[Any]):
    agents = serializers.DictField(child=QAFigureSerializer(), help_text="Per member name.")


class AgentScoresViewSet(ReportViewSet):
    """Per agent, the closed evaluations of the period's calls and their average score (the agent report's QA)."""

    serializer_class = AgentScoresSerializer

    @extend_schema(parameters=FILTER_PARAMETERS, responses=AgentScoresSerializer)
    def list(self, request: Request) -> Response:
        return Response({"agents": hooks.qa_by_member(report_filter(request))})
