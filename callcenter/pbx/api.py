"""REST API of the PBX configuration."""

from __future__ import annotations

from rest_framework import serializers

from callcenter.core.api import ActionsModelViewSet, ModelSerializer
from callcenter.pbx import actions
from callcenter.pbx.models import (
    AsteriskServer,
    Holiday,
    InboundRoute,
    IVRMenu,
    IVROption,
    Queue,
    Schedule,
    ScheduleRule,
    Trunk,
)


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


QueueSerializer = _serializer_for(Queue)
ScheduleSerializer = _serializer_for(Schedule)
ScheduleRuleSerializer = _serializer_for(ScheduleRule)
HolidaySerializer = _serializer_for(Holiday)
IVRMenuSerializer = _serializer_for(IVRMenu)
IVROptionSerializer = _serializer_for(IVROption)
InboundRouteSerializer = _serializer_for(InboundRoute)


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
