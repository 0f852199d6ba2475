"""Shared REST plumbing: role-gated, visibility-filtered viewsets whose writes go through actions.py.

Also the pieces every endpoint shares: date fields limited to a sane range, the exception handler
that turns refused deletes (records still referred to) into 409 Conflict, and the schema class that
documents the error answers every operation can give. Pagination lives in
callcenter.core.pagination (DRF imports it while its own generic views are being defined).
"""

from callcenter.core.api.errors import (
    ConflictSerializer,
    ErrorSerializer,
    ReferrerSerializer,
    conflict_response,
    django_errors_to_drf,
    exception_handler,
    not_found,
)
from callcenter.core.api.fields import BoundedDateField, BoundedDateTimeField, ModelSerializer
from callcenter.core.api.permissions import RolePermission
from callcenter.core.api.schema import AutoSchema
from callcenter.core.api.viewsets import ActionsModelViewSet, ListRetrieveViewSet

__all__ = [
    "ActionsModelViewSet",
    "AutoSchema",
    "BoundedDateField",
    "BoundedDateTimeField",
    "ConflictSerializer",
    "ErrorSerializer",
    "ListRetrieveViewSet",
    "ModelSerializer",
    "ReferrerSerializer",
    "RolePermission",
    "conflict_response",
    "django_errors_to_drf",
    "exception_handler",
    "not_found",
]
