"""The API's error answers: refused deletes as 409 Conflict naming what still refers to the record,
Django validation errors and refused actions as their status, and a JSON 404 for unknown paths.
"""

from __future__ import annotations

from typing import Any, TypedDict

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models.deletion import ProtectedError, RestrictedError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from callcenter.core.refusals import ActionRefused, refusal_response

# How many referring records a refused delete names before it says "and N more".
MAX_NAMED_REFERRERS = 5


class Referrer(TypedDict):
    """One record that keeps another from being deleted."""

    model: str
    id: Any
    name: str


def django_errors_to_drf(exc: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(exc, "error_dict"):
        # Django names model-wide errors "__all__"; DRF clients expect "non_field_errors".
        errors = {
            ("non_field_errors" if key == "__all__" else key): value
            for key, value in exc.message_dict.items()
        }
        return serializers.ValidationError(errors)
    return serializers.ValidationError({"non_field_errors": exc.messages})


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
    """DRF's handler, plus 409 for refused deletes, 400 for Django validation errors from any view and
    a refused action's own status (``callcenter.core.refusals``)."""
    if isinstance(exc, ActionRefused):
        return refusal_response(exc)
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


class ErrorSerializer(serializers.Serializer[Any]):
    """DRF's error body: refused authentication or permission, an unknown object, an unsupported body type."""

    detail = serializers.CharField()


class ReferrerSerializer(serializers.Serializer[Any]):
    """One record named by a 409: its model label, primary key and name."""

    model = serializers.CharField()
    id = serializers.JSONField()
    name = serializers.CharField()


class ConflictSerializer(serializers.Serializer[Any]):
    """The body of a delete refused while other records refer to the object."""

    detail = serializers.CharField()
    referenced_by = ReferrerSerializer(many=True)
