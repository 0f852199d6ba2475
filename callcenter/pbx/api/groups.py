"""Node groups: the nodes that serve the same queues, and the apply of a configuration to all of them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.core.api import ModelSerializer
from callcenter.pbx import actions
from callcenter.pbx.api.base import PbxViewSet
from callcenter.pbx.models import AsteriskServer, ConfigApply, GroupApply, NodeGroup


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
        result = actions.apply_group_configuration(
            request.user, group, dry_run=serializer.validated_data["dry_run"]
        )
        return Response(GroupApplyResultSerializer(result).data)
