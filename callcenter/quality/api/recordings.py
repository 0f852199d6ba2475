"""REST API of recordings: the search, and the audio by byte ranges (each play or download audited)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from callcenter.core.api import RolePermission
from callcenter.core.query_forms import checked
from callcenter.quality.api.common import LISTENERS
from callcenter.quality.api.recording_audio import RecordingAudioMixin
from callcenter.quality.api.recording_search import SEARCH_PARAMETERS
from callcenter.quality.api.recording_serializer import RecordingSerializer
from callcenter.quality.forms import RecordingSearchForm
from callcenter.quality.models import Recording


@extend_schema_view(list=extend_schema(parameters=SEARCH_PARAMETERS))
class RecordingViewSet(RecordingAudioMixin, viewsets.ReadOnlyModelViewSet[Recording]):
    """Recorded calls this user may hear: administrators all, supervisors their teams' agents, agents their own."""

    serializer_class = RecordingSerializer
    permission_classes = [RolePermission]
    read_roles = LISTENERS

    def get_queryset(self) -> Any:
        found = Recording.objects.visible_to(self.request.user).with_call().order_by("-started_at", "-id")
        if self.action != "list":
            return found
        return checked(RecordingSearchForm(self.request.query_params)).apply(found)
