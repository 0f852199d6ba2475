"""The live state in the REST API, read-only: per Asterisk node, what the wallboard shows.

``/api/live/`` lists every node, ``/api/live/<node>/`` one. Each is the node's snapshot from the live
store (``callcenter.live.store``) passed through the board's own filtering (``board.snapshot_frame``):
the same roles may read it (admins, supervisors, managers), and a supervisor gets only the agents of
the teams they supervise, the queues those teams work, their calls, the trunks and their agents'
phones, exactly as on the board. Collections are lists here, each item with the ``id`` the board keys
it by. Nothing here talks to Asterisk or writes anything.
"""

from __future__ import annotations

from typing import Any, TypedDict, TypeVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.roles import LIVE_WATCHERS
from callcenter.core.api import RolePermission
from callcenter.live.endpoints import ALARMS, REGISTRATION_STATUSES, STATUSES
from callcenter.live.messages import (
    BoardAgent,
    BoardCall,
    BoardEndpoint,
    BoardQueue,
    ChannelsView,
    empty_channels,
)
from callcenter.live.state import AGENT_STATES, CALL_STATES
from callcenter.pbx.models import AsteriskServer
from callcenter.wallboard import board, livestate

NODE_NAME = r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}"


class CallerSerializer(serializers.Serializer[Any]):
    """Who calls and where the call stands in its queue (``board.items``: a waiting entry, a call)."""

    caller = serializers.CharField(allow_blank=True)
    caller_name = serializers.CharField(allow_blank=True)
    position = serializers.IntegerField(allow_null=True)
    joined_at = serializers.FloatField(allow_null=True, help_text="Unix time the caller joined the queue.")


class WaitingCallerSerializer(CallerSerializer):
    """A caller waiting in a queue."""

    callid = serializers.CharField()
    state = serializers.CharField(allow_null=True)


class LiveQueueSerializer(serializers.Serializer[Any]):
    id = serializers.CharField(help_text="<node>/<queue>")
    server = serializers.CharField()
    name = serializers.CharField()
    display_name = serializers.CharField()
    team_ids = serializers.ListField(child=serializers.IntegerField())
    waiting = WaitingCallerSerializer(many=True)
    waiting_count = serializers.IntegerField()
    oldest_joined_at = serializers.FloatField(allow_null=True)
    agents = serializers.DictField(
        child=serializers.IntegerField(), help_text="Members by state as this queue sees them, and total."
    )
    offered = serializers.IntegerField()
    answered = serializers.IntegerField()
    abandoned = serializers.IntegerField()
    sl_pct = serializers.FloatField(allow_null=True, help_text="Service level today, percent.")
    sl_target_s = serializers.IntegerField(allow_null=True)
    sl_goal_pct = serializers.IntegerField()
    wait_amber_s = serializers.IntegerField()
    wait_red_s = serializers.IntegerField()


class LiveAgentSerializer(serializers.Serializer[Any]):
    id = serializers.CharField(help_text="The queue member's interface.")
    server = serializers.CharField()
    interface = serializers.CharField()
    member_name = serializers.CharField()
    name = serializers.CharField()
    extension = serializers.CharField(allow_blank=True)
    agent_id = serializers.IntegerField(allow_null=True)
    team_id = serializers.IntegerField(allow_null=True)
    team = serializers.CharField(allow_blank=True)
    can_act = serializers.BooleanField()
    state = serializers.ChoiceField(choices=AGENT_STATES)
    state_since = serializers.FloatField(allow_null=True)
    paused = serializers.BooleanField()
    pause_reason = serializers.CharField(allow_null=True)
    paused_queues = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text="Queue -> pause reason, where paused."
    )
    queues = serializers.ListField(child=serializers.CharField())
    current_call = serializers.CharField(allow_null=True)
    answered_today = serializers.IntegerField()


class LiveCallSerializer(CallerSerializer):
    """A call in progress, from its queue entry to its hang-up."""

    id = serializers.CharField(help_text="The caller channel's Uniqueid.")
    server = serializers.CharField()
    queue = serializers.CharField(allow_null=True)
    state = serializers.ChoiceField(choices=CALL_STATES, allow_null=True)
    answered_at = serializers.FloatField(allow_null=True)
    agent_interface = serializers.CharField(allow_null=True)


class LiveEndpointSerializer(serializers.Serializer[Any]):
    id = serializers.CharField(help_text="<node>/<endpoint>")
    server = serializers.CharField()
    name = serializers.CharField(help_text="The PJSIP endpoint: a trunk's name or a phone's extension.")
    kind = serializers.ChoiceField(choices=("trunk", "phone"))
    status = serializers.ChoiceField(choices=STATUSES)
    since = serializers.FloatField(allow_null=True, help_text="Unix time the status last changed.")
    roundtrip_ms = serializers.FloatField(allow_null=True, help_text="The last qualify's round trip.")
    contacts = serializers.IntegerField(help_text="Registered (or static) contacts.")
    registration = serializers.ChoiceField(choices=REGISTRATION_STATUSES, allow_null=True)
    alarm = serializers.ChoiceField(choices=ALARMS, allow_null=True)
    agent_id = serializers.IntegerField(allow_null=True)
    agent_name = serializers.CharField(allow_blank=True)
    extension = serializers.CharField(allow_blank=True)
    team_id = serializers.IntegerField(allow_null=True)


class LiveChannelsSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField()
    by_tech = serializers.DictField(child=serializers.IntegerField())
    by_trunk = serializers.DictField(child=serializers.IntegerField())


class LiveNodeSerializer(serializers.Serializer[Any]):
    """One Asterisk node's live state as the wallboard shows it to the caller."""

    server = serializers.CharField()
    connected = serializers.BooleanField(help_text="The bridge is alive and logged in to the node's AMI.")
    generated_at = serializers.FloatField(allow_null=True)
    trunks_down = serializers.ListField(child=serializers.CharField(), help_text="Trunks in alarm.")
    channels = LiveChannelsSerializer()
    queues = LiveQueueSerializer(many=True)
    agents = LiveAgentSerializer(many=True)
    calls = LiveCallSerializer(many=True)
    endpoints = LiveEndpointSerializer(many=True)


class LiveNode(TypedDict):
    server: str
    connected: bool
    generated_at: float | None
    trunks_down: list[str]
    channels: ChannelsView
    queues: list[BoardQueue]
    agents: list[BoardAgent]
    calls: list[BoardCall]
    endpoints: list[BoardEndpoint]


ItemT = TypeVar("ItemT")


def _by_key(items: dict[str, ItemT]) -> list[ItemT]:
    """A collection of the board as a list, in the order of its keys."""
    return [items[key] for key in sorted(items)]


def node_names() -> list[str]:
    """The nodes the live store knows, and every enabled node (one whose bridge never ran reads empty)."""
    enabled = AsteriskServer.objects.filter(enabled=True).values_list("name", flat=True)
    return sorted(set(livestate.servers()) | set(enabled))


def node_view(scope: board.Scope, name: str) -> LiveNode:
    """One node as the board shows it to ``scope``'s viewer."""
    frame = board.snapshot_frame(scope, {name: livestate.read_node(name)}, [])
    info = frame["servers"][name]
    return {
        "server": name,
        "connected": info["connected"],
        "generated_at": info["generated_at"],
        "trunks_down": info["trunks_down"],
        "channels": frame["channels"].get(name) or empty_channels(),
        "queues": _by_key(frame["queues"]),
        "agents": _by_key(frame["agents"]),
        "calls": _by_key(frame["calls"]),
        "endpoints": _by_key(frame["endpoints"]),
    }


class LiveNodeViewSet(viewsets.ViewSet):
    """The live state per Asterisk node, filtered as on the wallboard (read-only)."""

    permission_classes = [RolePermission]
    read_roles = LIVE_WATCHERS
    serializer_class = LiveNodeSerializer
    pagination_class = None
    lookup_field = "name"
    lookup_value_regex = NODE_NAME

    @extend_schema(responses=LiveNodeSerializer(many=True))
    def list(self, request: Request) -> Response:
        scope = board.scope_for(request.user)
        nodes = [node_view(scope, name) for name in node_names()]
        return Response(LiveNodeSerializer(nodes, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "name",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="The node's name (AsteriskServer).",
            )
        ],
        responses=LiveNodeSerializer,
    )
    def retrieve(self, request: Request, name: str | None = None) -> Response:
        if name not in node_names():
            raise NotFound
        return Response(LiveNodeSerializer(node_view(board.scope_for(request.user), str(name))).data)
