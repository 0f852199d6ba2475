"""Closed payroll periods over the API: close one, list them, re-open one with a reason."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.roles import PAYROLL_READERS
from callcenter.core.api import ListRetrieveViewSet, ModelSerializer
from callcenter.payroll import actions
from callcenter.payroll.models import ClosedPeriod


class ClosedPeriodSerializer(ModelSerializer[ClosedPeriod]):
    class Meta:
        model = ClosedPeriod
        read_only_fields = ["closed_by", "closed_at", "reopened_by", "reopened_at", "reopen_reason"]
        fields = ["id", "date_from", "date_to", *read_only_fields]


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
        data = serializer.validated_data
        period = actions.close_period(
            request.user,
            data["date_from"],
            data["date_to"],
            tz=data.get("tz") or None,
            schedule=data.get("schedule") or None,
        )
        return Response(self.get_serializer(period).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=ReopenSerializer)
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        period = self.get_object()
        body = ReopenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        period = actions.reopen_period(request.user, period, body.validated_data["reason"])
        return Response(ClosedPeriodSerializer(period).data)
