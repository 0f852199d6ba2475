"""Recorded prompts and music on hold files: a WAV or MP3 upload converted for Asterisk while validated."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from callcenter.core.api import ModelSerializer
from callcenter.pbx import actions
from callcenter.pbx.api.base import PbxViewSet
from callcenter.pbx.audio import ConvertedAudio, convert_upload
from callcenter.pbx.models import AudioModel, MusicOnHoldFile, Prompt

AUDIO_READ_ONLY = ["sha256", "duration_ms", "original_name"]

_AudioT = TypeVar("_AudioT", bound=AudioModel)

_AUDIO_HELP = (
    "A WAV or MP3 file, converted to 8 kHz mono 16-bit WAV. Required when creating; "
    "leave it out to keep the current recording."
)


class AudioSerializer(ModelSerializer[_AudioT]):
    """An upload (``audio``) converted for Asterisk while the request is validated: a refused file is a 400."""

    audio = serializers.FileField(write_only=True, required=False, help_text=_AUDIO_HELP)

    def validate_audio(self, value: Any) -> ConvertedAudio:
        try:
            return convert_upload(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class PromptSerializer(AudioSerializer[Prompt]):
    class Meta:
        model = Prompt
        fields = ["id", "name", "description", "audio", *AUDIO_READ_ONLY]
        read_only_fields = AUDIO_READ_ONLY


class MusicOnHoldFileSerializer(AudioSerializer[MusicOnHoldFile]):
    class Meta:
        model = MusicOnHoldFile
        fields = ["id", "moh_class", "name", "audio", *AUDIO_READ_ONLY]
        read_only_fields = AUDIO_READ_ONLY


class AudioViewSet(PbxViewSet[_AudioT]):
    """Uploads (multipart) saved through ``actions.save_audio``, which stores the converted recording."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def _save(self, serializer: serializers.BaseSerializer[Any], instance: models.Model | None) -> None:
        data = dict(serializer.validated_data)
        audio = data.pop("audio", None)
        target: Any = instance if instance is not None else self.model()
        for name, value in data.items():
            setattr(target, name, value)
        serializer.instance = actions.save_audio(self.request.user, target, audio)


class PromptViewSet(AudioViewSet[Prompt]):
    """Recorded prompts: upload a WAV or MP3 file under the name menus, routes and queues play."""

    model = Prompt
    serializer_class = PromptSerializer


class MusicOnHoldFileViewSet(AudioViewSet[MusicOnHoldFile]):
    """The files of the music on hold classes: upload a WAV or MP3 file into a class."""

    model = MusicOnHoldFile
    serializer_class = MusicOnHoldFileSerializer
