"""Admin of the recorded prompts: upload, play back, replace."""

from __future__ import annotations

from django.contrib import admin
from django.forms import modelform_factory

from callcenter.pbx.admin.audio_admin import AudioAdmin
from callcenter.pbx.admin.audio_form import AudioForm
from callcenter.pbx.models import Prompt

PromptForm = modelform_factory(Prompt, form=AudioForm, fields=["name", "description"])


@admin.register(Prompt)
class PromptAdmin(AudioAdmin[Prompt]):
    """Recorded prompts, played wherever their name is given (IVR greetings, closed prompts, queues)."""

    form = PromptForm
    list_display = ["name", "description", "duration", "original_name", "updated_at"]
    search_fields = ["name", "description"]
