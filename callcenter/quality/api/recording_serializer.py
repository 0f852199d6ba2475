"""A recording as the API lists it: the call, the file, the call's outcome and survey, the audio's address."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from callcenter.core.api import ModelSerializer
from callcenter.quality.api.common import CALL_FIELDS
from callcenter.quality.models import Recording


class RecordingSerializer(ModelSerializer[Recording]):
    outcome = serializers.SerializerMethodField(help_text="The call's outcome in the statistics.")
    survey_score = serializers.SerializerMethodField(help_text="The caller's survey score, 1-5.")
    file_url = serializers.SerializerMethodField(
        help_text="The audio (byte ranges accepted); null if flagged."
    )

    class Meta:
        model = Recording
        fields = [
            "id",
            *CALL_FIELDS,
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
