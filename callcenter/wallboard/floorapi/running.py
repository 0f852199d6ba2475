"""Running a floor action from the API: who may, the input checked against the agent, the outcome answered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.models import Role
from callcenter.agents.models import Agent
from callcenter.core.api import ErrorSerializer
from callcenter.wallboard import actions
from callcenter.wallboard.floorapi.serializers import FloorResultSerializer

SUPERVISORS = (Role.ADMIN, Role.SUPERVISOR)
AGENTS = (Role.AGENT,)

ACTION_ERRORS = {
    "409": OpenApiResponse(ErrorSerializer, description="The state forbids it (e.g. a static member)."),
    "502": OpenApiResponse(ErrorSerializer, description="Asterisk refused the action or cannot be reached."),
    "503": OpenApiResponse(ErrorSerializer, description="No Asterisk server is configured."),
}


def run_action(run: Callable[[], Any], *, ok_status: int = status.HTTP_200_OK) -> Response:
    """Call an action and answer its outcome; a refusal answers its own status with ``{"detail": message}``
    (``callcenter.core.refusals``, through the API's exception handler)."""
    outcome = run()
    if isinstance(outcome, actions.ActionResult):
        return Response(FloorResultSerializer(outcome).data, status=ok_status)
    return Response(outcome, status=ok_status)


def valid_input(
    serializer_class: type[serializers.Serializer[Any]], request: Request, agent: Agent
) -> dict[str, Any]:
    """The request's input checked by ``serializer_class`` for this agent (400 when invalid)."""
    form = serializer_class(data=request.data, context={"agent": agent})
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)
