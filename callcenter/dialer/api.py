"""REST API of the dialer: campaigns (with status, metrics, import and export), leads, attempts, DNC."""

from __future__ import annotations

import json
import re
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from callcenter.accounts.models import Role
from callcenter.core.api import ActionsModelViewSet, RolePermission
from callcenter.core.phones import BadNumber
from callcenter.dialer import actions
from callcenter.dialer.export import export_results_csv
from callcenter.dialer.importing import ImportFileError, guess_mapping, preview_import, read_table
from callcenter.dialer.metrics import campaign_metrics
from callcenter.dialer.models import Attempt, Campaign, DNCEntry, Lead
from callcenter.dialer.querysets import CAMPAIGN_MANAGERS
from callcenter.dialer.serializers import (
    AttemptSerializer,
    CampaignSerializer,
    DispositionSerializer,
    DNCEntrySerializer,
    LeadSerializer,
    StatusSerializer,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class CampaignViewSet(ActionsModelViewSet[Campaign]):
    """Campaigns; agents see the ones they work, campaign managers run them."""

    model = Campaign
    actions = actions
    serializer_class = CampaignSerializer
    read_roles = (*CAMPAIGN_MANAGERS, Role.AGENT)
    write_roles = CAMPAIGN_MANAGERS
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("agents")

    def _managed(self) -> Campaign:
        campaign: Campaign = self.get_object()
        if not self.request.user.has_role(*CAMPAIGN_MANAGERS):  # type: ignore[union-attr]
            self.permission_denied(self.request)
        return campaign

    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: str | None = None) -> Response:
        campaign = self._managed()
        serializer = StatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # A refusal (Django's ValidationError) answers 400 through the API's exception handler.
        actions.set_campaign_status(request.user, campaign, serializer.validated_data["status"])
        return Response(CampaignSerializer(campaign).data)

    @action(detail=True, methods=["get"])
    def metrics(self, request: Request, pk: str | None = None) -> Response:
        return Response(campaign_metrics(self._managed()))

    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: str | None = None) -> HttpResponse:
        campaign = self._managed()
        response = HttpResponse(export_results_csv(campaign), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{campaign.name}-results.csv"'
        return response

    @action(detail=True, methods=["post"], url_path="import")
    def import_contacts(self, request: Request, pk: str | None = None) -> Response:
        """Multipart: ``file`` (CSV or XLSX), ``mapping`` (JSON {"phone": column, ...}), ``preview`` (1 = dry run)."""
        campaign = self._managed()
        form: Any = request.data
        upload = request.FILES.get("file")
        if upload is None or upload.size > MAX_UPLOAD_BYTES:
            raise serializers.ValidationError({"file": "a CSV or XLSX file of at most 20 MB is required"})
        try:
            mapping = json.loads(form.get("mapping") or "{}")
        except json.JSONDecodeError as exc:
            raise serializers.ValidationError({"mapping": "mapping must be a JSON object"}) from exc
        if not isinstance(mapping, dict):
            raise serializers.ValidationError({"mapping": "mapping must be a JSON object"})
        data = upload.read()
        name = upload.name or "upload.csv"
        try:
            if not mapping:
                columns, _rows = read_table(data, name)
                mapping = guess_mapping(columns)
            if form.get("preview") in ("1", "true", True):
                preview = preview_import(campaign, data, name, mapping)
                imported = 0
            else:
                _contact_list, preview = actions.import_contacts(request.user, campaign, data, name, mapping)
                imported = preview.good_count
        except ImportFileError as exc:
            raise serializers.ValidationError({"file": str(exc)}) from exc
        return Response(
            {
                "mapping": mapping,
                "columns": preview.columns,
                "good": preview.good_count,
                "imported": imported,
                "sample": preview.good[:10],
                "errors": [{"line": e.line, "reason": e.reason, "value": e.value} for e in preview.errors],
            },
            status=status.HTTP_201_CREATED if imported else status.HTTP_200_OK,
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("campaign", OpenApiTypes.INT, description="Only the leads of this campaign.")
        ]
    )
)
class LeadViewSet(viewsets.ReadOnlyModelViewSet[Lead]):
    """Leads of the campaigns (read-only: they are written by imports and the dialer)."""

    serializer_class = LeadSerializer
    permission_classes = [RolePermission]
    read_roles = (*CAMPAIGN_MANAGERS, Role.AGENT)

    def get_queryset(self) -> Any:
        queryset = Lead.objects.visible_to(self.request.user)
        campaign = self.request.query_params.get("campaign", "")
        if not campaign:
            return queryset
        if not re.fullmatch(r"[0-9]{1,18}", campaign):
            raise serializers.ValidationError(
                {"campaign": [_("Give the id of a campaign (a whole number).")]}
            )
        return queryset.filter(campaign_id=int(campaign))


class AttemptViewSet(viewsets.ReadOnlyModelViewSet[Attempt]):
    """Every dial with its times and outcome; the agent who took the call sets its disposition."""

    serializer_class = AttemptSerializer
    permission_classes = [RolePermission]
    read_roles = (*CAMPAIGN_MANAGERS, Role.AGENT)
    write_roles = (*CAMPAIGN_MANAGERS, Role.AGENT)

    def get_queryset(self) -> Any:
        return Attempt.objects.visible_to(self.request.user).select_related("campaign")

    @action(detail=True, methods=["post"])
    def disposition(self, request: Request, pk: str | None = None) -> Response:
        attempt = self.get_object()
        serializer = DispositionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # A refusal (Django's ValidationError) answers 400 through the API's exception handler.
        actions.record_disposition(request.user, attempt, **serializer.validated_data)
        attempt.refresh_from_db()
        return Response(AttemptSerializer(attempt).data)


class DNCEntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[DNCEntry],
):
    """The do-not-call list; adding a number takes its waiting leads out of the dialer."""

    serializer_class = DNCEntrySerializer
    permission_classes = [RolePermission]
    read_roles = CAMPAIGN_MANAGERS
    write_roles = CAMPAIGN_MANAGERS
    queryset = DNCEntry.objects.all()

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        try:
            serializer.instance = actions.add_dnc(
                self.request.user, data["phone"], campaign=data.get("campaign"), reason=data.get("reason", "")
            )
        except BadNumber as exc:
            raise serializers.ValidationError({"phone": str(exc)}) from exc

    def perform_destroy(self, instance: DNCEntry) -> None:
        actions.delete(self.request.user, instance)


def register(router: BaseRouter) -> None:
    """Register the dialer's viewsets on the project's API router."""
    router.register("dialer/campaigns", CampaignViewSet, basename="dialer-campaign")
    router.register("dialer/leads", LeadViewSet, basename="dialer-lead")
    router.register("dialer/attempts", AttemptViewSet, basename="dialer-attempt")
    router.register("dialer/dnc", DNCEntryViewSet, basename="dialer-dnc")
