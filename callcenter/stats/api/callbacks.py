"""REST API of the callback list: read, assign and close."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.models import Role
from callcenter.accounts.roles import REPORT_READERS, has_role
from callcenter.agents.models import Agent, Team
from callcenter.core.api import ModelSerializer, RolePermission
from callcenter.core.phones import phone_key
from callcenter.stats import actions
from callcenter.stats.models import Callback


class CallbackSerializer(ModelSerializer[Callback]):
    time_to_callback_s = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="From the first call or request to the callback."
    )

    class Meta:
        model = Callback
        fields = [
            "id",
            "number",
            "kind",
            "caller",
            "queue",
            "requested_at",
            "last_call_at",
            "attempts",
            "max_wait_s",
            "status",
            "agent",
            "team",
            "assigned_at",
            "outcome",
            "called_back_at",
            "closed_at",
            "closed_agent",
            "note",
            "time_to_callback_s",
        ]
        read_only_fields = fields


class CallbackQuerySerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Callback.Status.choices, required=False)
    queue = serializers.CharField(required=False, max_length=128)
    number = serializers.CharField(required=False, max_length=32, help_text="Any written form.")


class CallbackAssignSerializer(serializers.Serializer[Any]):
    agent = serializers.PrimaryKeyRelatedField(queryset=Agent.objects.all(), required=False, allow_null=True)
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("agent") is not None and attrs.get("team") is not None:
            raise ValidationError({"non_field_errors": ["Assign to an agent or to a team, not both."]})
        return attrs


class CallbackCloseSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=[(value, value) for value in actions.MANUAL_OUTCOMES])
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=Callback.Status.values, description="Only these."
            ),
            OpenApiParameter("queue", OpenApiTypes.STR, description="Only this queue's entries."),
            OpenApiParameter("number", OpenApiTypes.STR, description="Only this number (any written form)."),
        ]
    )
)
class CallbackViewSet(viewsets.ReadOnlyModelViewSet[Callback]):
    """The callback list: one entry per number to call back, assigned, dialled and closed with an outcome.

    Supervisors see the entries of their queues and teams, agents those assigned to them or their team.
    """

    serializer_class = CallbackSerializer
    permission_classes = [RolePermission]
    read_roles = (*REPORT_READERS, Role.AGENT)
    write_roles = (*REPORT_READERS, Role.AGENT)

    def get_queryset(self) -> Any:
        queryset = Callback.objects.visible_to(self.request.user).order_by("-last_call_at", "-id")
        if self.action != "list":
            return queryset
        query = CallbackQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        if values.get("status"):
            queryset = queryset.filter(status=values["status"])
        if values.get("queue"):
            queryset = queryset.filter(queue=values["queue"])
        if values.get("number"):
            queryset = queryset.filter(number=phone_key(values["number"]))
        return queryset

    @extend_schema(request=CallbackAssignSerializer, responses=CallbackSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        """Give the entry to an agent or a team (both empty: to nobody). Supervisors, managers, admins."""
        if not has_role(request.user, *REPORT_READERS):
            self.permission_denied(request)
        entry = self.get_object()
        form = CallbackAssignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        agent, team = form.validated_data.get("agent"), form.validated_data.get("team")
        if agent is not None and not Agent.objects.visible_to(request.user).filter(pk=agent.pk).exists():
            raise ValidationError({"agent": ["Not one of your agents."]})
        if team is not None and not Team.objects.visible_to(request.user).filter(pk=team.pk).exists():
            raise ValidationError({"team": ["Not one of your teams."]})
        entry = actions.assign_callback(request.user, entry, agent=agent, team=team)
        return Response(CallbackSerializer(entry).data)

    @extend_schema(request=CallbackCloseSerializer, responses=CallbackSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close the entry with its outcome; an agent closes the entries assigned to them or their team."""
        entry = self.get_object()
        form = CallbackCloseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        entry = actions.close_callback(
            request.user, entry, form.validated_data["outcome"], note=form.validated_data["note"]
        )
        return Response(CallbackSerializer(entry).data)
