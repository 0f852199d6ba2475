"""Admin of the music on hold classes, with their files edited inline."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import modelform_factory
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from callcenter.core.admin import ActionsModelAdmin
from callcenter.pbx import actions
from callcenter.pbx.admin.audio_columns import AudioDisplayMixin
from callcenter.pbx.admin.audio_form import AudioForm
from callcenter.pbx.admin.in_use import ProtectInUseMixin
from callcenter.pbx.models import MusicOnHoldClass, MusicOnHoldFile

MusicOnHoldFileForm = modelform_factory(MusicOnHoldFile, form=AudioForm, fields=["name"])


class MusicOnHoldFileInline(AudioDisplayMixin, admin.TabularInline[MusicOnHoldFile, MusicOnHoldClass]):
    model = MusicOnHoldFile
    form = MusicOnHoldFileForm
    extra = 1
    fields = ["name", "recording", "duration", "original_name", "player"]
    readonly_fields = ["duration", "original_name", "player"]


@admin.register(MusicOnHoldClass)
class MusicOnHoldClassAdmin(ProtectInUseMixin[MusicOnHoldClass], ActionsModelAdmin[MusicOnHoldClass]):
    """Music on hold classes and their files; a class is rendered into musiconhold.conf once it has a file."""

    actions_module = actions
    list_display = ["name", "sort", "file_count", "description"]
    search_fields = ["name", "description"]
    inlines = [MusicOnHoldFileInline]

    @admin.display(description=_("files"))
    def file_count(self, obj: MusicOnHoldClass) -> int:
        return obj.files.count()

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Each file through the actions (audited, converted audio stored); deleted ones too."""
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            actions.delete(request.user, obj)
        for inline in formset.forms:
            if formset._should_delete_form(inline) or not inline.has_changed():
                continue
            actions.save_audio(request.user, inline.instance, inline.cleaned_data.get("recording"))
