"""Shared REST plumbing: role-gated, visibility-filtered viewsets whose writes go through actions.py.

Also the pieces every endpoint shares: date fields limited to a sane range, and the exception handler
that turns refused deletes (records still referred to) into 409 Conflict. Pagination lives in
callcenter.core.pagination (DRF imports it while its own generic views are being defined).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, TypedDict

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, set_rollback
from rest_framework.views import exception_handler as drf_exception_handler

from callcenter.accounts.models import Role
from callcenter.accounts.roles import has_role
from callcenter.core.validators import AsteriskSafeValidator, validate_date_in_range

# How many referring records a refused delete names before it says "and N more".
MAX_NAMED_REFERRERS = 5


class RolePermission(permissions.BasePermission):
    """Reads need one of the view's ``read_roles``; writes need one of its ``write_roles``."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        roles = (
            getattr(view, "read_roles", ())
            if request.method in permissions.SAFE_METHODS
            else getattr(view, "write_roles", ())
        )
        return has_role(request.user, *roles)


def django_errors_to_drf(exc: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(exc, "error_dict"):
        # Django names model-wide errors "__all__"; DRF clients expect "non_field_errors".
        errors = {
            ("non_field_errors" if key == "__all__" else key): value
            for key, value in exc.message_dict.items()
        }
        return serializers.ValidationError(errors)
    return serializers.ValidationError({"non_field_errors": exc.messages})


class ActionsModelViewSet(viewsets.ModelViewSet):
    """CRUD whose reads use ``Model.objects.visible_to(user)`` and whose writes call the app's actions module."""

    model: type[models.Model]
    actions: ModuleType
    read_roles: tuple[str, ...] = (Role.ADMIN, Role.SUPERVISOR, Role.MANAGER)
    write_roles: tuple[str, ...] = (Role.ADMIN,)
    permission_classes = [RolePermission]

    def get_queryset(self) -> Any:
        manager: Any = self.model._default_manager
        queryset = manager.all()
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(self.request.user)
        return queryset

    def _save(self, serializer: serializers.BaseSerializer[Any], instance: models.Model | None) -> None:
        data = dict(serializer.validated_data)
        m2m_names = {f.name for f in self.model._meta.many_to_many}
        m2m = {name: data.pop(name) for name in list(data) if name in m2m_names}
        target = instance if instance is not None else self.model()
        for name, value in data.items():
            setattr(target, name, value)
        try:
            serializer.instance = self.actions.save(self.request.user, target, m2m=m2m)
        except DjangoValidationError as exc:
            raise django_errors_to_drf(exc) from exc

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self._save(serializer, None)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance: models.Model) -> None:
        self.actions.delete(self.request.user, instance)


class BoundedDateField(serializers.DateField):
    """A date between MIN_DATE and MAX_DATE; anything else is a 400 naming the accepted range."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(validate_date_in_range)


class BoundedDateTimeField(serializers.DateTimeField):
    """A date and time whose date lies between MIN_DATE and MAX_DATE."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(validate_date_in_range)


class ModelSerializer(serializers.ModelSerializer):
    """A model serializer for the API's writes.

    Date and date-time fields accept only the sane range of dates. Text bound for Asterisk is taken as
    it is: DRF would strip surrounding whitespace (a trailing newline included) before the model's
    validators see it, silently accepting a value other than the one sent.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: BoundedDateField,
        models.DateTimeField: BoundedDateTimeField,
    }

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[type[Any], dict[str, Any]]:
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        asterisk_bound = any(isinstance(item, AsteriskSafeValidator) for item in model_field.validators)
        if asterisk_bound and issubclass(field_class, serializers.CharField):
            field_kwargs["trim_whitespace"] = False
        return field_class, field_kwargs


class Referrer(TypedDict):
    """One record that keeps another from being deleted."""

    model: str
    id: Any
    name: str


def conflict_response(exc: ProtectedError | RestrictedError) -> Response:
    """409 naming the records that still refer to the one a client tried to delete."""
    found = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
    objects = sorted(found, key=lambda obj: (obj._meta.label_lower, obj.pk))
    referrers: list[Referrer] = [
        {"model": obj._meta.label_lower, "id": obj.pk, "name": str(obj)} for obj in objects
    ]
    listed = ", ".join(f"{obj._meta.verbose_name} “{obj}”" for obj in objects[:MAX_NAMED_REFERRERS])
    hidden = len(objects) - MAX_NAMED_REFERRERS
    if hidden > 0:
        listed += " " + ngettext("and %(count)d more", "and %(count)d more", hidden) % {"count": hidden}
    message = _("It cannot be deleted while other records refer to it: %(referrers)s.") % {
        "referrers": listed
    }
    return Response({"detail": message, "referenced_by": referrers}, status=status.HTTP_409_CONFLICT)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus 409 for refused deletes and 400 for Django validation errors from any view."""
    if isinstance(exc, ProtectedError | RestrictedError):
        set_rollback()
        return conflict_response(exc)
    if isinstance(exc, DjangoValidationError):
        exc = django_errors_to_drf(exc)
    return drf_exception_handler(exc, context)
