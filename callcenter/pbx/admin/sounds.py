"""Admin of the uploaded audio: prompts and music on hold classes with their files."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from callcenter.core.admin import ActionsModelAdmin
from callcenter.pbx import actions
from callcenter.pbx.audio import ConvertedAudio, convert_upload
from callcenter.pbx.models import AudioModel, MusicOnHoldClass, MusicOnHoldFile, Prompt, audio_users

_AudioT = TypeVar("_AudioT", bound=AudioModel)


# -- prompts and music on hold ----------------------------------------------------------------------
class AudioForm(forms.ModelForm[_AudioT]):
    """An upload converted for Asterisk as the form is validated: refused files are form errors, nothing saved.

    The upload is the form field ``recording``; the model's own ``audio`` (not editable) gets the converted
    bytes, and its errors are shown on ``recording``.
    """

    recording = forms.FileField(
        label=_("recording"),
        required=False,
        help_text=_("A WAV or MP3 file; it is converted to 8 kHz mono 16-bit WAV for Asterisk."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recording"].required = self.instance.pk is None

    def clean_recording(self) -> ConvertedAudio | None:
        upload = self.cleaned_data.get("recording")
        if not upload:
            return None
        return convert_upload(upload)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        # The model's own validation, which follows, needs the recording: the unsaved instance gets it.
        converted = self.cleaned_data.get("recording")
        if isinstance(converted, ConvertedAudio):
            self.instance.audio = converted.data
            self.instance.sha256 = converted.sha256
        return cleaned

    def add_error(self, field: str | None, error: Any) -> None:
        """The model's errors about its ``audio`` are shown on the upload field."""
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            moved = error.error_dict.pop("audio", None)
            if moved and not self.has_error("recording"):
                super().add_error("recording", ValidationError(moved))
            if not error.error_dict:
                return
        super().add_error(field, error)


class PromptForm(AudioForm[Prompt]):
    class Meta:
        model = Prompt
        fields = ["name", "description"]


class MusicOnHoldFileForm(AudioForm[MusicOnHoldFile]):
    class Meta:
        model = MusicOnHoldFile
        fields = ["name"]


class MusicOnHoldFileAdminForm(AudioForm[MusicOnHoldFile]):
    class Meta:
        model = MusicOnHoldFile
        fields = ["moh_class", "name"]


def listen(obj: AudioModel, url_name: str) -> SafeString | str:
    if obj.pk is None or not obj.sha256:
        return "-"
    source = reverse(url_name, args=[obj.pk])
    return format_html('<audio controls preload="none" src="{}"></audio>', source)


class AudioAdminMixin(admin.ModelAdmin[_AudioT]):
    """Saves through actions.save_audio; plays the stored recording back; refuses deleting one in use."""

    readonly_fields = ["duration", "original_name", "sha256", "player"]

    @admin.display(description=_("duration (s)"))
    def duration(self, obj: AudioModel) -> float:
        return obj.duration_s

    @admin.display(description=_("listen"))
    def player(self, obj: AudioModel) -> SafeString | str:
        return listen(obj, f"admin:{obj._meta.app_label}_{obj._meta.model_name}_audio")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.save_audio(request.user, obj, form.cleaned_data.get("recording"))

    def get_urls(self) -> list[URLPattern]:
        meta = self.model._meta
        return [
            path(
                "<path:object_id>/audio/",
                self.admin_site.admin_view(self.audio_view),
                name=f"{meta.app_label}_{meta.model_name}_audio",
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

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, Any, Any, Any]:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed, [*protected, *_in_use(objs)]


def _in_use(objs: Any) -> list[str]:
    return [
        f"{capfirst(user._meta.verbose_name)}: {user} ({obj})" for obj in objs for user in audio_users(obj)
    ]


@admin.register(Prompt)
class PromptAdmin(AudioAdminMixin[Prompt], ActionsModelAdmin[Prompt]):
    """Recorded prompts, played wherever their name is given (IVR greetings, closed prompts, queues)."""

    actions_module = actions
    form = PromptForm
    list_display = ["name", "description", "duration", "original_name", "updated_at"]
    search_fields = ["name", "description"]


class MusicOnHoldFileInline(admin.TabularInline[MusicOnHoldFile, MusicOnHoldClass]):
    model = MusicOnHoldFile
    form = MusicOnHoldFileForm
    extra = 1
    fields = ["name", "recording", "duration", "original_name", "player"]
    readonly_fields = ["duration", "original_name", "player"]

    @admin.display(description=_("duration (s)"))
    def duration(self, obj: MusicOnHoldFile) -> float:
        return obj.duration_s

    @admin.display(description=_("listen"))
    def player(self, obj: MusicOnHoldFile) -> SafeString | str:
        return listen(obj, "admin:pbx_musiconholdfile_audio")


@admin.register(MusicOnHoldClass)
class MusicOnHoldClassAdmin(ActionsModelAdmin[MusicOnHoldClass]):
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

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, Any, Any, Any]:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed, [*protected, *_in_use(objs)]


@admin.register(MusicOnHoldFile)
class MusicOnHoldFileAdmin(AudioAdminMixin[MusicOnHoldFile], ActionsModelAdmin[MusicOnHoldFile]):
    """One file of a class (also edited inline on the class); here it can be played back and replaced."""

    actions_module = actions
    form = MusicOnHoldFileAdminForm
    list_display = ["name", "moh_class", "duration", "original_name", "updated_at"]
    list_filter = ["moh_class"]
    search_fields = ["name"]
