"""The supervisor's side of the floor API: the agents of their teams and what may be done to them, and
the listen / whisper / barge sessions."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.models import Role
from callcenter.accounts.roles import role_of
from callcenter.agents.models import Agent
from callcenter.core.api import ListRetrieveViewSet
from callcenter.wallboard import actions
from callcenter.wallboard.floorapi.agent_actions import agent_action
from callcenter.wallboard.floorapi.running import ACTION_ERRORS, SUPERVISORS, run_action, valid_input
from callcenter.wallboard.floorapi.serializers import (
    FloorAgentSerializer,
    FloorResultSerializer,
    MembershipInputSerializer,
    PauseInputSerializer,
    SpyInputSerializer,
    SpySessionSerializer,
    UnpauseInputSerializer,
    floor_memberships,
)
from callcenter.wallboard.models import SpySession


def _the_agent(viewset: Any, request: Request) -> Agent:
    """The agent the route names, among those the user may act on (404 otherwise)."""
    agent: Agent = viewset.get_object()
    return agent


class FloorAgentViewSet(ListRetrieveViewSet[Agent]):
    """The agents of the user's teams (all, for an admin) with their live state, and the supervisor's
    actions on one: the same rules and audit entries as on the wallboard."""

    serializer_class = FloorAgentSerializer
    read_roles = SUPERVISORS
    write_roles = SUPERVISORS

    def get_queryset(self) -> Any:
        queryset = (
            Agent.objects.visible_to(self.request.user)
            .filter(active=True)
            .select_related("team")
            .order_by("extension")
        )
        # A list reads every agent's queues at once; a single one reads them fresh after an action.
        return queryset.prefetch_related(floor_memberships()) if self.action == "list" else queryset

    @agent_action(PauseInputSerializer, _the_agent, detail=True)
    def pause(self, request: Request, agent: Agent, values: dict[str, Any]) -> Any:
        """Pause the agent with a reason, in one queue or (no ``queue``) in all."""
        return actions.pause_agent(
            request.user, agent, paused=True, reason=values["reason"], queue=values.get("queue")
        )

    @agent_action(UnpauseInputSerializer, _the_agent, detail=True)
    def unpause(self, request: Request, agent: Agent, values: dict[str, Any]) -> Any:
        """Unpause the agent, in one queue or (no ``queue``) in all."""
        return actions.pause_agent(request.user, agent, paused=False, queue=values.get("queue"))

    @agent_action(MembershipInputSerializer, _the_agent, detail=True)
    def login(self, request: Request, agent: Agent, values: dict[str, Any]) -> Any:
        """Log the agent in to a queue (QueueAdd), or (``all``) to every queue they are a dynamic member of."""
        return actions.login_agent(request.user, agent, values.get("queue"))

    @agent_action(MembershipInputSerializer, _the_agent, detail=True)
    def logout(self, request: Request, agent: Agent, values: dict[str, Any]) -> Any:
        """Log the agent out of a queue (QueueRemove), or (``all``) out of all their dynamic queues."""
        return actions.remove_from_queue(request.user, agent, values.get("queue"))

    @extend_schema(request=SpyInputSerializer, responses={201: SpySessionSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def spy(self, request: Request, pk: str | None = None) -> Response:
        """Listen, whisper or barge: ring the user's own phone, which then joins the agent's call."""
        agent = self.get_object()
        values = valid_input(SpyInputSerializer, request, agent)
        return run_action(
            lambda: SpySessionSerializer(actions.start_spy(request.user, agent, values["mode"])).data,
            ok_status=status.HTTP_201_CREATED,
        )


class SpySessionViewSet(ListRetrieveViewSet[SpySession]):
    """Listen / whisper / barge sessions: a supervisor's own, every one for an admin; newest first."""

    serializer_class = SpySessionSerializer
    read_roles = SUPERVISORS
    write_roles = SUPERVISORS

    def get_queryset(self) -> Any:
        queryset = SpySession.objects.select_related("agent").order_by("-requested_at", "-id")
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a user
            return queryset.none()
        if role_of(self.request.user) == Role.ADMIN:
            return queryset
        return queryset.filter(supervisor_id=self.request.user.pk)

    @extend_schema(request=None, responses={200: FloorResultSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        """End the session: the spying call is hung up (the session ends when Asterisk reports it)."""
        session = self.get_object()
        return run_action(lambda: actions.end_spy(request.user, session))
