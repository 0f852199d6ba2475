"""The signed-in agent's side of the floor API: their state, log-in and log-out, pause, and their callbacks."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.agents.models import Agent
from callcenter.core.api import RolePermission
from callcenter.stats.api import CallbackCloseSerializer
from callcenter.stats.models import Callback
from callcenter.wallboard import actions, agentstate
from callcenter.wallboard.floorapi.agent_actions import agent_action
from callcenter.wallboard.floorapi.running import ACTION_ERRORS, AGENTS, run_action
from callcenter.wallboard.floorapi.serializers import (
    FloorResultSerializer,
    MembershipInputSerializer,
    MyCallbackSerializer,
    MyStateSerializer,
    PauseInputSerializer,
    UnpauseInputSerializer,
    live_fields,
)


def _me(viewset: Any, request: Request) -> Agent:
    """The signed-in user's own agent (403 for a user without one)."""
    agent = Agent.objects.visible_to(request.user).filter(active=True).first()
    if agent is None:
        raise PermissionDenied(_("Your account is not linked to an agent."))
    return agent


class MyFloorViewSet(viewsets.ViewSet):
    """The signed-in agent: their state, log-in and log-out of their queues, pause and unpause."""

    permission_classes = [RolePermission]
    read_roles = AGENTS
    write_roles = AGENTS
    serializer_class = MyStateSerializer
    pagination_class = None

    @extend_schema(responses=MyStateSerializer)
    def list(self, request: Request) -> Response:
        """My live state and my queues."""
        agent = _me(self, request)
        return Response(
            {
                "agent": agent.pk,
                "display_name": agent.display_name,
                "extension": agent.extension,
                **live_fields(agent),
            }
        )

    @agent_action(MembershipInputSerializer, _me, detail=False)
    def login(self, request: Request, agent: Agent, values: dict[str, Any]) -> Any:
        """Log in to one of my queues, or (``all``) to all my dynamic queues."""
        return actions.agent_login(request.user, values.get("queue"))

    @agent_action(MembershipInputSerializer, _me, detail=False)
    def logout(self, request: Request, agent: Agent, values: dict[str, Any]) -> Any:
        """Log out of one of my queues, or (``all``) out of all my dynamic queues."""
        return actions.agent_logout(request.user, values.get("queue"))

    @agent_action(PauseInputSerializer, _me, detail=False)
    def pause(self, request: Request, agent: Agent, values: dict[str, Any]) -> Any:
        """Pause with a reason, in one of my queues or (no ``queue``) in all."""
        return actions.agent_pause(
            request.user, paused=True, reason=values["reason"], queue=values.get("queue")
        )

    @agent_action(UnpauseInputSerializer, _me, detail=False)
    def unpause(self, request: Request, agent: Agent, values: dict[str, Any]) -> Any:
        """Unpause, in one of my queues or (no ``queue``) in all."""
        return actions.agent_pause(request.user, paused=False, queue=values.get("queue"))


class MyCallbackViewSet(viewsets.GenericViewSet[Callback]):
    """My open callbacks (assigned to me, or to my team and to nobody in person), oldest first: take one,
    call it (my phone rings first) and close it with an outcome."""

    permission_classes = [RolePermission]
    read_roles = AGENTS
    write_roles = AGENTS
    serializer_class = MyCallbackSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return Callback.objects.visible_to(self.request.user)

    def _row(self, entry: Callback) -> dict[str, Any]:
        rows = {
            row["id"]: row for row in agentstate.open_callbacks(self.request.user, _me(self, self.request))
        }
        return dict(rows.get(entry.pk) or {})

    @extend_schema(responses=MyCallbackSerializer(many=True))
    def list(self, request: Request) -> Response:
        rows = agentstate.open_callbacks(request.user, _me(self, request))
        return Response(MyCallbackSerializer(rows, many=True).data)

    @extend_schema(request=None, responses={200: MyCallbackSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def take(self, request: Request, pk: str | None = None) -> Response:
        """Take the callback: it is assigned to me."""
        entry = self.get_object()
        return run_action(
            lambda: MyCallbackSerializer(self._row(actions.take_callback(request.user, entry))).data
        )

    @extend_schema(request=None, responses={200: FloorResultSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def dial(self, request: Request, pk: str | None = None) -> Response:
        """Call the number: my phone rings, and when I answer the number is dialled. Take it first."""
        entry = self.get_object()
        return run_action(lambda: actions.dial_callback(request.user, entry))

    @extend_schema(request=CallbackCloseSerializer, responses={200: FloorResultSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close the callback with its outcome; it leaves the list."""
        entry = self.get_object()
        form = CallbackCloseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        values = form.validated_data

        def close() -> actions.ActionResult:
            closed = actions.close_own_callback(request.user, entry, values["outcome"], note=values["note"])
            return actions.ActionResult(
                _("The callback to %(number)s is closed.") % {"number": closed.number}, closed.outcome
            )

        return run_action(close)
