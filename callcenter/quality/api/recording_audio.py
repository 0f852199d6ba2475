"""A recording's audio over the API, by byte ranges; each play or download is audited."""

from __future__ import annotations

from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from callcenter.core.api import ErrorSerializer
from callcenter.quality import actions, playback
from callcenter.quality.api.audio_renderer import AudioRenderer
from callcenter.quality.api.common import drf_error

AUDIO_TYPES = ("audio/wav", "audio/mpeg", "audio/ogg", "audio/x-gsm", "application/octet-stream")


def _audio(code: int, description: str) -> dict[tuple[int, str], OpenApiResponse]:
    return {
        (code, media): OpenApiResponse(OpenApiTypes.BINARY, description=description) for media in AUDIO_TYPES
    }


class RecordingAudioMixin:
    """The ``file`` route of the recording endpoint: the audio, whole or by one byte range."""

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
            **_audio(200, "The whole file."),
            **_audio(206, "The asked byte range."),
            416: OpenApiResponse(ErrorSerializer, description="The range lies outside the file."),
        },
        description="The recording's audio; each play or download is audited (who, which call, when).",
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, AudioRenderer])
    def file(self, request: Request, pk: str | None = None) -> HttpResponseBase:
        if not str(pk).isdigit() or len(str(pk)) > 18:
            raise NotFound
        download = str(request.query_params.get("download", "")).lower() in ("1", "true")
        try:
            found = actions.recording_for(request.user, int(str(pk)))
            return playback.serve(request._request, request.user, found, download=download)
        except actions.QualityError as exc:
            raise drf_error(exc) from None
