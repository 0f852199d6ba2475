"""REST API of the audit log (read-only, administrators)."""

from __future__ import annotations

from rest_framework import viewsets

from callcenter.audit.models import AuditEntry
from callcenter.core.api import ModelSerializer, RolePermission


class AuditEntrySerializer(ModelSerializer[AuditEntry]):
    class Meta:
        model = AuditEntry
        fields = "__all__"


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet[AuditEntry]):
    """Who changed what, when."""

    queryset = AuditEntry.objects.all()
    serializer_class = AuditEntrySerializer
    permission_classes = [RolePermission]
    read_roles = ("admin",)
