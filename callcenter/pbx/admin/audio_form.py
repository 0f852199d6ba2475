"""The admin form of uploaded audio: the upload is converted for Asterisk while the form is validated."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from callcenter.pbx.audio import ConvertedAudio, convert_upload
from callcenter.pbx.models import AudioModel

_AudioT = TypeVar("_AudioT", bound=AudioModel)


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
