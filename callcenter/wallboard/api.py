"""REST API of the CRM: contacts (with the CSV import) and the external CRM link of each queue."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.models import Role
from callcenter.core.api import ActionsModelViewSet, ModelSerializer
from callcenter.core.csv_upload import MAX_IMPORT_BYTES
from callcenter.pbx.models import Queue
from callcenter.wallboard import actions
from callcenter.wallboard.models import Contact, ContactTier, CRMLink, normalise_number
from callcenter.wallboard.references import optional_slug

CRM_EDITORS = (Role.ADMIN, Role.SUPERVISOR, Role.MANAGER)
MAX_SEARCH = 80


class ContactSerializer(ModelSerializer[Contact]):
    phone = serializers.CharField(
        max_length=32,
        help_text="Any written form; stored in E.164 (+79161110000), or as digits when it is no valid number.",
    )
    tier = optional_slug(
        "code",
        ContactTier.objects.all(),
        "The code of the contact's tier (e.g. vip), or null for an ordinary caller.",
    )

    class Meta:
        model = Contact
        fields = ["id", "phone", "name", "company", "notes", "tier", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class ContactTierSerializer(ModelSerializer[ContactTier]):
    queue = optional_slug(
        "name", Queue.objects.all(), "The name of the tier's own queue, or null to keep the route's queue."
    )

    class Meta:
        model = ContactTier
        fields = ["id", "code", "name", "priority", "queue", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class CRMLinkSerializer(ModelSerializer[CRMLink]):
    class Meta:
        model = CRMLink
        fields = ["id", "queue", "url_template"]


class ContactQuerySerializer(serializers.Serializer[Any]):
    """The list's filters, checked like any input (length, no NUL character)."""

    phone = serializers.CharField(required=False, allow_blank=True, max_length=MAX_SEARCH)
    search = serializers.CharField(required=False, allow_blank=True, max_length=MAX_SEARCH)


class ContactImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="CSV, UTF-8: phone,name[,company][,notes][,tier]; at most 5 MB.")


class ContactImportResultSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "phone", OpenApiTypes.STR, description="Only the contact of this number (any written form)."
            ),
            OpenApiParameter("search", OpenApiTypes.STR, description="Part of the name or the company."),
        ]
    )
)
class ContactViewSet(ActionsModelViewSet[Contact]):
    """CRM contacts: what the agent page shows for a caller. Agents read; supervisors and managers edit."""

    model = Contact
    actions = actions
    serializer_class = ContactSerializer
    read_roles = (*CRM_EDITORS, Role.AGENT)
    write_roles = CRM_EDITORS
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        queryset = Contact.objects.select_related("tier")
        if self.action != "list":
            return queryset
        query = ContactQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        phone, search = query.validated_data.get("phone", ""), query.validated_data.get("search", "")
        if phone:
            queryset = queryset.filter(phone=normalise_number(phone))
        if search:
            queryset = queryset.filter(Q(name__icontains=search) | Q(company__icontains=search))
        return queryset

    @extend_schema(
        request={"multipart/form-data": ContactImportSerializer},
        responses={
            200: ContactImportResultSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=(
                    'Nothing imported. A bad upload names the field ({"file": [...]}); a bad file lists '
                    'every bad row: {"errors": [{"line": 3, "message": "..."}]}.'
                ),
            ),
        },
    )
    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request: Request) -> Response:
        """All or nothing, as the agents' import: one bad row refuses the file, every bad row is listed."""
        form = ContactImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise serializers.ValidationError({"file": ["The file is larger than 5 MB."]})
        try:
            result = actions.import_contacts(request.user, upload.read())
        except actions.ContactImportError as exc:
            errors = [{"line": error.line, "message": error.message} for error in exc.result.errors]
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        except UnicodeDecodeError as exc:
            raise serializers.ValidationError({"file": ["The file is not UTF-8 text."]}) from exc
        return Response({"created": result.created, "updated": result.updated, "unchanged": result.unchanged})


class CRMLinkViewSet(ActionsModelViewSet[CRMLink]):
    """The external CRM of a queue: a URL template the agent page opens with the caller's number."""

    model = CRMLink
    actions = actions
    serializer_class = CRMLinkSerializer
    read_roles = (*CRM_EDITORS, Role.AGENT)
    write_roles = (Role.ADMIN,)

    def get_queryset(self) -> Any:
        return CRMLink.objects.select_related("queue")


class ContactTierViewSet(ActionsModelViewSet[ContactTier]):
    """Contact tiers: the queue priority (and optional own queue) of their contacts' calls, decided in
    the dialplan from data pushed to every node. Editors read; admins edit."""

    model = ContactTier
    actions = actions
    serializer_class = ContactTierSerializer
    read_roles = CRM_EDITORS
    write_roles = (Role.ADMIN,)

    def get_queryset(self) -> Any:
        return ContactTier.objects.select_related("queue")
