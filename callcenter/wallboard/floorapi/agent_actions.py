"""A floor action on one agent, declared once: the view finds the agent, checks the input against it, runs
the action and answers its outcome, documented with its input and the floor's outcomes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.agents.models import Agent
from callcenter.wallboard.floorapi.running import ACTION_ERRORS, run_action, valid_input
from callcenter.wallboard.floorapi.serializers import FloorResultSerializer

# (viewset, request, agent, checked input) -> the action's outcome
AgentAction = Callable[[Any, Request, Agent, dict[str, Any]], Any]
FindAgent = Callable[[Any, Request], Agent]


def agent_action(
    form: type[serializers.Serializer[Any]], find: FindAgent, *, detail: bool
) -> Callable[[AgentAction], Callable[..., Response]]:
    """A POST route (``detail``: on one object of the viewset) running the decorated action on the agent
    ``find`` gives, with the request's input checked by ``form``."""

    def decorate(act: AgentAction) -> Callable[..., Response]:
        def view(viewset: Any, request: Request, pk: str | None = None) -> Response:
            agent = find(viewset, request)
            values = valid_input(form, request, agent)
            return run_action(lambda: act(viewset, request, agent, values))

        view.__name__, view.__qualname__, view.__doc__ = act.__name__, act.__qualname__, act.__doc__
        routed = action(detail=detail, methods=["post"])(view)
        return extend_schema(request=form, responses={200: FloorResultSerializer, **ACTION_ERRORS})(routed)

    return decorate
