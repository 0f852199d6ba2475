"""The columns every admin list of uploaded audio shows: its duration and a player."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from callcenter.pbx.models import AudioModel


def audio_url_name(model: type[models.Model]) -> str:
    """The name of the admin URL of a row's stored WAV (``AudioAdmin.audio_view``)."""
    return f"{model._meta.app_label}_{model._meta.model_name}_audio"


class AudioDisplayMixin:
    """The ``duration`` and ``player`` columns of an audio row."""

    @admin.display(description=_("duration (s)"))
    def duration(self, obj: AudioModel) -> float:
        return obj.duration_s

    @admin.display(description=_("listen"))
    def player(self, obj: AudioModel) -> SafeString | str:
        if obj.pk is None or not obj.sha256:
            return "-"
        source = reverse(f"admin:{audio_url_name(type(obj))}", args=[obj.pk])
        return format_html('<audio controls preload="none" src="{}"></audio>', source)
