"""Shared REST plumbing: role-gated, visibility-filtered viewsets whose writes go through actions.py.

Also the pieces every endpoint shares: date fields limited to a sane range, the exception handler
that turns refused deletes (records still referred to) into 409 Conflict, and the schema class that
documents the error answers every operation can give. Pagination lives in
callcenter.core.pagination (DRF imports it while its own generic views are being defined).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, TypedDict

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models.deletion import ProtectedError, RestrictedError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import force_instance
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.exceptions import NotFound
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
        if validate_date_in_range not in self.validators:  # the model field may carry it already
            self.validators.append(validate_date_in_range)


class BoundedDateTimeField(serializers.DateTimeField):
    """A date and time whose date lies between MIN_DATE and MAX_DATE."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if validate_date_in_range not in self.validators:  # the model field may carry it already
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


@csrf_exempt
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """An /api/ path that names no endpoint (e.g. an id that is not a number): the API's JSON 404.

    Without it Django answers with its HTML page, which no API client expects; a write to such a path
    would get the HTML CSRF page. It changes nothing, so it needs no CSRF token, like DRF's token-authed views.
    """
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=status.HTTP_404_NOT_FOUND)


class ErrorSerializer(serializers.Serializer):
    """DRF's error body: refused authentication or permission, an unknown object, an unsupported body type."""

    detail = serializers.CharField()


class ReferrerSerializer(serializers.Serializer):
    """One record named by a 409: its model label, primary key and name."""

    model = serializers.CharField()
    id = serializers.JSONField()
    name = serializers.CharField()


class ConflictSerializer(serializers.Serializer):
    """The body of a delete refused while other records refer to the object."""

    detail = serializers.CharField()
    referenced_by = ReferrerSerializer(many=True)


BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# The viewset actions served on an object's detail path; drf-spectacular ends their operation ids with
# the action's name.
DETAIL_ACTIONS = ("retrieve", "update", "partial_update", "destroy")
# The suffix drf-spectacular gives the operation id of an extra action, by HTTP method.
OPERATION_SUFFIX_BY_METHOD = {
    "get": "retrieve",
    "put": "update",
    "patch": "partial_update",
    "delete": "destroy",
    "post": "create",
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, plus the error answers the API gives besides the success.

    400 (the field names as keys) for every operation that takes a body or query parameters, 403 for
    every operation, 404 for those that name an object in the path, 409 for deletes and 415 for
    operations that take a body.
    """

    def _error_responses(self) -> dict[str, OpenApiResponse]:
        has_query = any(parameter.get("in") == "query" for parameter in self._get_parameters())
        takes_body = self.method in BODY_METHODS
        errors: dict[str, OpenApiResponse] = {}
        if takes_body or has_query:
            errors["400"] = OpenApiResponse(
                OpenApiTypes.OBJECT, description=_("Invalid input; the keys name the fields.")
            )
        errors["403"] = OpenApiResponse(ErrorSerializer, description=_("Not signed in, or not allowed."))
        if "{" in self.path:
            errors["404"] = OpenApiResponse(ErrorSerializer, description=_("No such object."))
        if self.method == "DELETE":
            errors["409"] = OpenApiResponse(
                ConflictSerializer, description=_("Other records still refer to the object.")
            )
        if takes_body:
            errors["415"] = OpenApiResponse(
                ErrorSerializer, description=_("The body's content type is not accepted.")
            )
        return errors

    def _links_from_created(self) -> dict[str, dict[str, Any]]:
        """OpenAPI links from a create to the operations on the created object, by its ``id``.

        They tell clients (and the stateful API tests) that the id a create returns is the one the
        object's retrieve, update, delete and detail actions take in their path.
        """
        operation_id = self.get_operation_id()
        serializer = force_instance(self.get_response_serializers())
        view = self.view
        if not operation_id.endswith("_create") or "id" not in getattr(serializer, "fields", {}):
            return {}
        prefix = operation_id.removesuffix("_create")
        targets = [(name, f"{prefix}_{name}") for name in DETAIL_ACTIONS if hasattr(view, name)]
        for extra in view.get_extra_actions() if hasattr(view, "get_extra_actions") else ():
            if extra.detail and extra.url_path:
                for method in extra.mapping:
                    suffix = OPERATION_SUFFIX_BY_METHOD[method]
                    url_part = extra.url_path.replace("-", "_")
                    targets.append((f"{extra.__name__}_{method}", f"{prefix}_{url_part}_{suffix}"))
        return {
            name: {"operationId": target, "parameters": {"id": "$response.body#/id"}}
            for name, target in targets
        }

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if "201" in responses and self._is_create_operation():
            links = self._links_from_created()
            if links:
                responses["201"]["links"] = links
        for code, response in self._error_responses().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses
