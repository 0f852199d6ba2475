"""Serializers of the statistics API's stored rows: assembled calls and report runs."""

from __future__ import annotations

from callcenter.core.api import ModelSerializer
from callcenter.stats.models import Call, ReportRun


class CallSerializer(ModelSerializer[Call]):
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


class ReportRunSerializer(ModelSerializer[ReportRun]):
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
