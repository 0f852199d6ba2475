"""Serializers of the PBX objects, the audio uploads and the group applies."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from callcenter.core.api import ModelSerializer
from callcenter.pbx.audio import ConvertedAudio, convert_upload
from callcenter.pbx.models import (
    AsteriskServer,
    AudioModel,
    ConfigApply,
    GroupApply,
    Holiday,
    InboundRoute,
    IVRMenu,
    IVROption,
    MusicOnHoldClass,
    MusicOnHoldFile,
    NodeGroup,
    Prompt,
    Queue,
    Schedule,
    ScheduleRule,
    Trunk,
)

AUDIO_READ_ONLY = ["sha256", "duration_ms", "original_name"]

_ModelT = TypeVar("_ModelT", bound=models.Model)
_AudioT = TypeVar("_AudioT", bound=AudioModel)


class AsteriskServerSerializer(ModelSerializer[AsteriskServer]):
    ami_secret = serializers.CharField(
        write_only=True, required=False, allow_blank=True, trim_whitespace=False
    )

    class Meta:
        model = AsteriskServer
        exclude = ["created_at", "updated_at"]


class TrunkSerializer(ModelSerializer[Trunk]):
    secret = serializers.CharField(write_only=True, required=False, allow_blank=True, trim_whitespace=False)

    class Meta:
        model = Trunk
        exclude = ["created_at", "updated_at"]


def _serializer_for(model_class: type[_ModelT]) -> type[ModelSerializer[_ModelT]]:
    meta = type("Meta", (), {"model": model_class, "exclude": ["created_at", "updated_at"]})
    return type(f"{model_class.__name__}Serializer", (ModelSerializer,), {"Meta": meta})


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


QueueSerializer = _serializer_for(Queue)

MusicOnHoldClassSerializer = _serializer_for(MusicOnHoldClass)

ScheduleSerializer = _serializer_for(Schedule)

ScheduleRuleSerializer = _serializer_for(ScheduleRule)

HolidaySerializer = _serializer_for(Holiday)

IVRMenuSerializer = _serializer_for(IVRMenu)

IVROptionSerializer = _serializer_for(IVROption)

InboundRouteSerializer = _serializer_for(InboundRoute)


class NodeGroupSerializer(ModelSerializer[NodeGroup]):
    nodes: serializers.SlugRelatedField[AsteriskServer] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )

    class Meta:
        model = NodeGroup
        fields = ["id", "name", "description", "nodes"]


class GroupApplyRequestSerializer(serializers.Serializer[Any]):
    dry_run = serializers.BooleanField(default=False)


class NodeApplyResultSerializer(serializers.ModelSerializer[ConfigApply]):
    server: serializers.SlugRelatedField[AsteriskServer] = serializers.SlugRelatedField(
        read_only=True, slug_field="name"
    )

    class Meta:
        model = ConfigApply
        fields = ["server", "status", "version", "previous_version", "changed_files", "reloaded", "error"]


class GroupApplyResultSerializer(serializers.ModelSerializer[GroupApply]):
    group: serializers.SlugRelatedField[NodeGroup] = serializers.SlugRelatedField(
        read_only=True, slug_field="name"
    )
    nodes = serializers.SerializerMethodField()

    class Meta:
        model = GroupApply
        fields = ["id", "group", "status", "error", "created_at", "duration_ms", "nodes"]

    @extend_schema_field(NodeApplyResultSerializer(many=True))
    def get_nodes(self, entry: GroupApply) -> list[dict[str, Any]]:
        rows = entry.node_applies.select_related("server").order_by("server__name")
        return list(NodeApplyResultSerializer(rows, many=True).data)
