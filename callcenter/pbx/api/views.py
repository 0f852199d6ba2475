"""The PBX API's viewsets: reads through ``visible_to``, writes through ``pbx.actions``."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.core.api import ActionsModelViewSet, django_errors_to_drf
from callcenter.pbx import actions
from callcenter.pbx.api.serializers import (
    AsteriskServerSerializer,
    GroupApplyRequestSerializer,
    GroupApplyResultSerializer,
    HolidaySerializer,
    InboundRouteSerializer,
    IVRMenuSerializer,
    IVROptionSerializer,
    MusicOnHoldClassSerializer,
    MusicOnHoldFileSerializer,
    NodeGroupSerializer,
    PromptSerializer,
    QueueSerializer,
    ScheduleRuleSerializer,
    ScheduleSerializer,
    TrunkSerializer,
)
from callcenter.pbx.models import (
    AsteriskServer,
    AudioModel,
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

_ModelT = TypeVar("_ModelT", bound=models.Model)
_AudioT = TypeVar("_AudioT", bound=AudioModel)


class PbxViewSet(ActionsModelViewSet[_ModelT]):
    """A PBX configuration object: written through ``pbx.actions``."""

    actions = actions


class NodeGroupViewSet(PbxViewSet[NodeGroup]):
    """Node groups: the nodes that serve the same queues, applied together (all or nothing). Admins only.
    A node joins a group by its ``group`` field (``/api/servers/``)."""

    model = NodeGroup
    serializer_class = NodeGroupSerializer
    read_roles = ("admin",)

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("nodes")

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


class AsteriskServerViewSet(PbxViewSet[AsteriskServer]):
    """Asterisk nodes. Admins only: the AMI credentials live here."""

    model = AsteriskServer
    serializer_class = AsteriskServerSerializer
    read_roles = ("admin",)


class TrunkViewSet(PbxViewSet[Trunk]):
    """SIP trunks."""

    model = Trunk
    serializer_class = TrunkSerializer
    read_roles = ("admin",)


class QueueViewSet(PbxViewSet[Queue]):
    """Queues; supervisors see their teams' queues, agents their own."""

    model = Queue
    serializer_class = QueueSerializer
    read_roles = ("admin", "supervisor", "manager", "agent")


class ScheduleViewSet(PbxViewSet[Schedule]):
    """Business-hours schedules."""

    model = Schedule
    serializer_class = ScheduleSerializer


class ScheduleRuleViewSet(PbxViewSet[ScheduleRule]):
    """Opening hours of a schedule."""

    model = ScheduleRule
    serializer_class = ScheduleRuleSerializer


class HolidayViewSet(PbxViewSet[Holiday]):
    """Holidays of a schedule (also read by payroll for holiday work)."""

    model = Holiday
    serializer_class = HolidaySerializer
    read_roles = ("admin", "supervisor", "manager", "payroll")


class IVRMenuViewSet(PbxViewSet[IVRMenu]):
    """IVR menus."""

    model = IVRMenu
    serializer_class = IVRMenuSerializer


class IVROptionViewSet(PbxViewSet[IVROption]):
    """Keys of IVR menus."""

    model = IVROption
    serializer_class = IVROptionSerializer


class InboundRouteViewSet(PbxViewSet[InboundRoute]):
    """Inbound numbers and their destinations."""

    model = InboundRoute
    serializer_class = InboundRouteSerializer


class MusicOnHoldClassViewSet(PbxViewSet[MusicOnHoldClass]):
    """Music on hold classes: queues name one in ``music_class``; each plays the files uploaded to it."""

    model = MusicOnHoldClass
    serializer_class = MusicOnHoldClassSerializer


class AudioViewSet(PbxViewSet[_AudioT]):
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


class PromptViewSet(AudioViewSet[Prompt]):
    """Recorded prompts: upload a WAV or MP3 file under the name menus, routes and queues play."""

    model = Prompt
    serializer_class = PromptSerializer


class MusicOnHoldFileViewSet(AudioViewSet[MusicOnHoldFile]):
    """The files of the music on hold classes: upload a WAV or MP3 file into a class."""

    model = MusicOnHoldFile
    serializer_class = MusicOnHoldFileSerializer
