"""REST API of the PBX configuration."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.core.api import ActionsModelViewSet, ModelSerializer, django_errors_to_drf
from callcenter.pbx import actions
from callcenter.pbx.audio import ConvertedAudio, convert_upload
from callcenter.pbx.models import (
    AsteriskServer,
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


class AsteriskServerSerializer(ModelSerializer):
    ami_secret = serializers.CharField(
        write_only=True, required=False, allow_blank=True, trim_whitespace=False
    )

    class Meta:
        model = AsteriskServer
        exclude = ["created_at", "updated_at"]


class TrunkSerializer(ModelSerializer):
    secret = serializers.CharField(write_only=True, required=False, allow_blank=True, trim_whitespace=False)

    class Meta:
        model = Trunk
        exclude = ["created_at", "updated_at"]


def _serializer_for(model_class: type) -> type[ModelSerializer]:
    meta = type("Meta", (), {"model": model_class, "exclude": ["created_at", "updated_at"]})
    return type(f"{model_class.__name__}Serializer", (ModelSerializer,), {"Meta": meta})


_AUDIO_HELP = (
    "A WAV or MP3 file, converted to 8 kHz mono 16-bit WAV. Required when creating; "
    "leave it out to keep the current recording."
)


class AudioSerializer(ModelSerializer):
    """An upload (``audio``) converted for Asterisk while the request is validated: a refused file is a 400."""

    audio = serializers.FileField(write_only=True, required=False, help_text=_AUDIO_HELP)

    def validate_audio(self, value: Any) -> ConvertedAudio:
        try:
            return convert_upload(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class PromptSerializer(AudioSerializer):
    class Meta:
        model = Prompt
        fields = ["id", "name", "description", "audio", *AUDIO_READ_ONLY]
        read_only_fields = AUDIO_READ_ONLY


class MusicOnHoldFileSerializer(AudioSerializer):
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


class NodeGroupSerializer(ModelSerializer):
    nodes: serializers.SlugRelatedField[AsteriskServer] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )

    class Meta:
        model = NodeGroup
        fields = ["id", "name", "description", "nodes"]


class GroupApplyRequestSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(default=False)


class NodeApplyResultSerializer(serializers.ModelSerializer):
    server: serializers.SlugRelatedField[AsteriskServer] = serializers.SlugRelatedField(
        read_only=True, slug_field="name"
    )

    class Meta:
        model = ConfigApply
        fields = ["server", "status", "version", "previous_version", "changed_files", "reloaded", "error"]


class GroupApplyResultSerializer(serializers.ModelSerializer):
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


class NodeGroupViewSet(ActionsModelViewSet):
    """Node groups: the nodes that serve the same queues, applied together (all or nothing). Admins only.
    A node joins a group by its ``group`` field (``/api/servers/``)."""

    model = NodeGroup
    actions = actions
    serializer_class = NodeGroupSerializer
    read_roles = ("admin",)

    @extend_schema(request=GroupApplyRequestSerializer, responses=GroupApplyResultSerializer)
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk: str | None = None) -> Response:
        """Apply the configuration to every enabled node of the group: all of them or none."""
        group = self.get_object()
        serializer = GroupApplyRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = actions.apply_group_configuration(
                request.user, group, dry_run=serializer.validated_data["dry_run"]
            )
        except DjangoValidationError as exc:
            raise django_errors_to_drf(exc) from exc
        return Response(GroupApplyResultSerializer(result).data)


class AsteriskServerViewSet(ActionsModelViewSet):
    """Asterisk nodes. Admins only: the AMI credentials live here."""

    model = AsteriskServer
    actions = actions
    serializer_class = AsteriskServerSerializer
    read_roles = ("admin",)


class TrunkViewSet(ActionsModelViewSet):
    """SIP trunks."""

    model = Trunk
    actions = actions
    serializer_class = TrunkSerializer
    read_roles = ("admin",)


class QueueViewSet(ActionsModelViewSet):
    """Queues; supervisors see their teams' queues, agents their own."""

    model = Queue
    actions = actions
    serializer_class = QueueSerializer
    read_roles = ("admin", "supervisor", "manager", "agent")


class ScheduleViewSet(ActionsModelViewSet):
    """Business-hours schedules."""

    model = Schedule
    actions = actions
    serializer_class = ScheduleSerializer


class ScheduleRuleViewSet(ActionsModelViewSet):
    """Opening hours of a schedule."""

    model = ScheduleRule
    actions = actions
    serializer_class = ScheduleRuleSerializer


class HolidayViewSet(ActionsModelViewSet):
    """Holidays of a schedule (also read by payroll for holiday work)."""

    model = Holiday
    actions = actions
    serializer_class = HolidaySerializer
    read_roles = ("admin", "supervisor", "manager", "payroll")


class IVRMenuViewSet(ActionsModelViewSet):
    """IVR menus."""

    model = IVRMenu
    actions = actions
    serializer_class = IVRMenuSerializer


class IVROptionViewSet(ActionsModelViewSet):
    """Keys of IVR menus."""

    model = IVROption
    actions = actions
    serializer_class = IVROptionSerializer


class InboundRouteViewSet(ActionsModelViewSet):
    """Inbound numbers and their destinations."""

    model = InboundRoute
    actions = actions
    serializer_class = InboundRouteSerializer


class MusicOnHoldClassViewSet(ActionsModelViewSet):
    """Music on hold classes: queues name one in ``music_class``; each plays the files uploaded to it."""

    model = MusicOnHoldClass
    actions = actions
    serializer_class = MusicOnHoldClassSerializer


class AudioViewSet(ActionsModelViewSet):
    """Uploads (multipart) saved through ``actions.save_audio``, which stores the converted recording."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def _save(self, serializer: serializers.BaseSerializer[Any], instance: models.Model | None) -> None:
        data = dict(serializer.validated_data)
        audio = data.pop("audio", None)
        target: Any = instance if instance is not None else self.model()
        for name, value in data.items():
            setattr(target, name, value)
        try:
            serializer.instance = actions.save_audio(self.request.user, target, audio)
        except DjangoValidationError as exc:
            raise django_errors_to_drf(exc) from exc


class PromptViewSet(AudioViewSet):
    """Recorded prompts: upload a WAV or MP3 file under the name menus, routes and queues play."""

    model = Prompt
    actions = actions
    serializer_class = PromptSerializer


class MusicOnHoldFileViewSet(AudioViewSet):
    """The files of the music on hold classes: upload a WAV or MP3 file into a class."""

    model = MusicOnHoldFile
    actions = actions
    serializer_class = MusicOnHoldFileSerializer
