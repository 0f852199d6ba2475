"""The admin of an uploaded audio model: saved through the actions, played back from its own URL."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path

from callcenter.core.admin import ActionsModelAdmin
from callcenter.pbx import actions
from callcenter.pbx.admin.audio_columns import AudioDisplayMixin, audio_url_name
from callcenter.pbx.admin.in_use import ProtectInUseMixin
from callcenter.pbx.models import AudioModel

_AudioT = TypeVar("_AudioT", bound=AudioModel)


class AudioAdmin(AudioDisplayMixin, ProtectInUseMixin[_AudioT], ActionsModelAdmin[_AudioT]):
    """Saves through actions.save_audio; plays the stored recording back; refuses deleting one in use."""

    actions_module = actions

    readonly_fields = ["duration", "original_name", "sha256", "player"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.save_audio(request.user, obj, form.cleaned_data.get("recording"))

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<path:object_id>/audio/",
                self.admin_site.admin_view(self.audio_view),
                name=audio_url_name(self.model),
            ),
            *super().get_urls(),
        ]

    def audio_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The stored WAV, for the admin's player."""
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_permission(request, obj):
            raise PermissionDenied
        response = HttpResponse(bytes(obj.audio or b""), content_type="audio/wav")
        response["Content-Disposition"] = "inline"
        return response
