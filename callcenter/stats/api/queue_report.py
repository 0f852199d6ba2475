"""The queue report's JSON over the API (docs/reports.md): per queue and per agent, for a period."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers


class ServiceLevelSerializer(serializers.Serializer[Any]):
    of_answered_pct = serializers.FloatField()
    of_offered_pct = serializers.FloatField()


class SurveySerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    avg = serializers.FloatField(allow_null=True)


class QueueSummarySerializer(serializers.Serializer[Any]):
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


class AgentSummarySerializer(serializers.Serializer[Any]):
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
class QueueReportSerializer(serializers.Serializer[Any]):
    """The queue report of a period (docs/reports.md); ``from`` and ``to`` are the period's days."""

    to = serializers.DateField()
    tz = serializers.CharField()
    queues = serializers.DictField(child=QueueSummarySerializer(), help_text="Per queue name.")
    agents = serializers.DictField(child=AgentSummarySerializer(), help_text="Per member name.")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # "from" is a Python keyword, so it cannot be declared in the class body.
        return {"from": serializers.DateField(), **super().get_fields()}
