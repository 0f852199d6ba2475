"""What the quality API's endpoints share: who may listen, and refusals as HTTP answers."""

from __future__ import annotations

from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError

from callcenter.accounts.models import Role
from callcenter.quality import actions

LISTENERS = (Role.ADMIN, Role.SUPERVISOR, Role.AGENT)

# The fields that name the call a recording or an evaluation belongs to.
CALL_FIELDS = ["server", "callid", "queue", "agent", "agent_ref"]


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."


def drf_error(exc: actions.QualityError) -> APIException:
    if exc.status == 404:
        return NotFound(exc.message)
    if exc.status == 403:
        return PermissionDenied(exc.message)
    if exc.status == 409:
        return Conflict(exc.message)
    return ValidationError({"non_field_errors": [exc.message]})
