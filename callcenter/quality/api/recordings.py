"""REST API of recordings: search, and the audio by byte ranges (each play or download audited)."""

from __future__ import annotations

import json
from typing import Any

from django.http.response import HttpResponseBase
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request

from callcenter.core.api import ErrorSerializer, ModelSerializer, RolePermission
from callcenter.quality import actions, files
from callcenter.quality.api.common import LISTENERS, drf_error
from callcenter.quality.forms import RecordingSearchForm
from callcenter.quality.models import (
    Recording,
)

AUDIO_TYPES = ("audio/wav", "audio/mpeg", "audio/ogg", "audio/x-gsm", "application/octet-stream")


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
            "server",
            "callid",
            "queue",
            "agent",
            "agent_ref",
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


SEARCH_PARAMETERS = [
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="First day (in ``tz``)."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Last day (in ``tz``)."),
    OpenApiParameter(
        "tz", OpenApiTypes.STR, description="IANA time zone of the days (default: the center's)."
    ),
    OpenApiParameter("queue", OpenApiTypes.STR, description="Queue name."),
    OpenApiParameter("agent", OpenApiTypes.STR, description="Member name."),
    OpenApiParameter("caller", OpenApiTypes.STR, description="Caller number, or digits of it."),
    OpenApiParameter(
        "outcome",
        OpenApiTypes.STR,
        enum=["answered", "transferred", "abandoned", "timeout", "exitempty", "exitkey", "callback"],
        description="The call's outcome.",
    ),
    OpenApiParameter("survey_min", OpenApiTypes.INT, description="Lowest survey score, 1-5."),
    OpenApiParameter("survey_max", OpenApiTypes.INT, description="Highest survey score, 1-5."),
    OpenApiParameter("duration_min", OpenApiTypes.INT, description="Shortest duration in seconds."),
    OpenApiParameter("duration_max", OpenApiTypes.INT, description="Longest duration in seconds."),
    OpenApiParameter(
        "status",
        OpenApiTypes.STR,
        enum=[value for value, _label in Recording.Status.choices],
        description="The file's status.",
    ),
]


class AudioRenderer(BaseRenderer):
    """Lets a client ask for the audio by its type (``Accept: audio/wav``); errors are still JSON."""

    media_type = "audio/*"
    format = "audio"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()


@extend_schema_view(list=extend_schema(parameters=SEARCH_PARAMETERS))
class RecordingViewSet(viewsets.ReadOnlyModelViewSet[Recording]):
    """Recorded calls this user may hear: administrators all, supervisors their teams' agents, agents their own."""

    serializer_class = RecordingSerializer
    permission_classes = [RolePermission]
    read_roles = LISTENERS

    def get_queryset(self) -> Any:
        found = Recording.objects.visible_to(self.request.user).with_call().order_by("-started_at", "-id")
        if self.action != "list":
            return found
        form = RecordingSearchForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        return form.apply(found)

    @extend_schema(
        parameters=[
            OpenApiParameter("download", OpenApiTypes.BOOL, description="true: as an attachment."),
            OpenApiParameter(
                "Range",
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                description="One byte range, e.g. bytes=0-1023 or bytes=-500 (seeking).",
            ),
        ],
        responses={
            **{
                (200, media): OpenApiResponse(OpenApiTypes.BINARY, description="The whole file.")
                for media in AUDIO_TYPES
            },
            **{
                (206, media): OpenApiResponse(OpenApiTypes.BINARY, description="The asked byte range.")
                for media in AUDIO_TYPES
            },
            416: OpenApiResponse(ErrorSerializer, description="The range lies outside the file."),
        },
        description="The recording's audio; each play or download is audited (who, which call, when).",
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, AudioRenderer])
    def file(self, request: Request, pk: str | None = None) -> HttpResponseBase:
        if not str(pk).isdigit() or len(str(pk)) > 18:
            raise NotFound
        try:
            found = actions.recording_for(request.user, int(str(pk)))
            path = actions.playable_path(found)
        except actions.QualityError as exc:
            raise drf_error(exc) from None
        download = str(request.query_params.get("download", "")).lower() in ("1", "true")
        name = files.download_name(found.queue, found.callid, found.format)
        try:
            response = files.ranged_response(request._request, path, found.format, name, attachment=download)
        except OSError:
            actions.flag_unreadable(found)
            raise NotFound(gettext("The recording's file is missing or empty.")) from None
        if response.status_code in (200, 206):
            actions.record_access(request.user, found, download=download)
        return response
