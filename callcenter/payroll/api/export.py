"""The payroll export over the API: its JSON, validated against the XSD before it is served."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.roles import PAYROLL_READERS
from callcenter.core.api import BoundedDateField, RolePermission
from callcenter.payroll.builder import PayrollError, build_report
from callcenter.payroll.export import InvalidExport, to_dict, to_xml, validate_xml


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
