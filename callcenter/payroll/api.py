"""REST API of payroll: the export as JSON, session corrections, closed periods (payroll staff and admins)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.roles import PAYROLL_READERS
from callcenter.core.api import BoundedDateField, ListRetrieveViewSet, ModelSerializer, RolePermission
from callcenter.payroll import actions
from callcenter.payroll.builder import PayrollError, build_report
from callcenter.payroll.export import InvalidExport, to_dict, to_xml, validate_xml
from callcenter.payroll.models import ClosedPeriod, SessionCorrection
from callcenter.stats.models import AgentSession


class ExportQuerySerializer(serializers.Serializer[Any]):
    date_from = BoundedDateField()
    date_to = BoundedDateField()
    tz = serializers.CharField(required=False, allow_blank=True)
    schedule = serializers.CharField(required=False, allow_blank=True)


class PayrollExportViewSet(viewsets.ViewSet):
    """GET ?date_from=&date_to=[&tz=&schedule=]: the export's JSON (its content validated against the XSD)."""

    permission_classes = [RolePermission]
    read_roles = PAYROLL_READERS

    @extend_schema(
        parameters=[ExportQuerySerializer],
        responses={200: OpenApiTypes.OBJECT},
        description="The payroll export as JSON (see docs/payroll-1c.md for its shape).",
    )
    def list(self, request: Request) -> Response:
        query = ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        try:
            report = build_report(
                data["date_from"],
                data["date_to"],
                tz=data.get("tz") or None,
                schedule=data.get("schedule") or None,
            )
            validate_xml(to_xml(report))
        except PayrollError as exc:
            raise ValidationError({"non_field_errors": [str(exc)]}) from exc
        except InvalidExport as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
        return Response(to_dict(report))


class SessionCorrectionSerializer(ModelSerializer[SessionCorrection]):
    session = serializers.IntegerField(write_only=True, help_text="id of the stats AgentSession to correct")

    class Meta:
        model = SessionCorrection
        fields = [
            "id",
            "session",
            "agent",
            "server",
            "queue",
            "interface",
            "original_started_at",
            "original_ended_at",
            "started_at",
            "ended_at",
            "reason",
            "created_by",
            "created_at",
        ]
        read_only_fields = [
            "agent",
            "server",
            "queue",
            "interface",
            "original_started_at",
            "original_ended_at",
            "created_by",
            "created_at",
        ]


class SessionCorrectionViewSet(ListRetrieveViewSet[SessionCorrection]):
    """Corrections of logged-in sessions; POST one with the session id, the corrected times and a reason."""

    serializer_class = SessionCorrectionSerializer
    read_roles = PAYROLL_READERS
    write_roles = PAYROLL_READERS

    def get_queryset(self) -> Any:
        return SessionCorrection.objects.visible_to(self.request.user).select_related("agent")

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        session = AgentSession.objects.filter(pk=data["session"]).first()
        if session is None:
            raise ValidationError({"session": ["No such session."]})
        correction = actions.correct_session(
            request.user,
            session,
            started_at=data["started_at"],
            ended_at=data["ended_at"],
            reason=data["reason"],
        )
        return Response(self.get_serializer(correction).data, status=status.HTTP_201_CREATED)


class ClosedPeriodSerializer(ModelSerializer[ClosedPeriod]):
    class Meta:
        model = ClosedPeriod
        fields = [
            "id",
            "date_from",
            "date_to",
            "closed_by",
            "closed_at",
            "reopened_by",
            "reopened_at",
            "reopen_reason",
        ]
        read_only_fields = ["closed_by", "closed_at", "reopened_by", "reopened_at", "reopen_reason"]


class ReopenSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=200)


class ClosedPeriodViewSet(ListRetrieveViewSet[ClosedPeriod]):
    """Closed payroll periods: POST closes one, POST {id}/reopen/ with a reason re-opens it."""

    serializer_class = ClosedPeriodSerializer
    read_roles = PAYROLL_READERS
    write_roles = PAYROLL_READERS

    def get_queryset(self) -> Any:
        return ClosedPeriod.objects.visible_to(self.request.user)

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        date_from: dt.date = serializer.validated_data["date_from"]
        date_to: dt.date = serializer.validated_data["date_to"]
        period = actions.close_period(
            request.user,
            date_from,
            date_to,
            tz=serializer.validated_data.get("tz") or None,
            schedule=serializer.validated_data.get("schedule") or None,
        )
        return Response(self.get_serializer(period).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=ReopenSerializer)
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        period = self.get_object()
        body = ReopenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        period = actions.reopen_period(request.user, period, body.validated_data["reason"])
        return Response(ClosedPeriodSerializer(period).data)
