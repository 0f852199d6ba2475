"""The floor in the REST API: what supervisors and agents do on the wallboard and the agent page.

``/api/floor/agents/`` are the agents a supervisor (or an admin) may act on: pause with a reason, unpause,
log in to and out of queues, and listen / whisper / barge (``/api/floor/spy-sessions/`` lists the
sessions and ends one). ``/api/floor/me/`` is the signed-in agent: their state, log-in, log-out, pause
and unpause. ``/api/floor/callbacks/`` is the agent's own callback list: take, call and close.

Every write calls the same function of ``callcenter.wallboard.actions`` as the pages do: the same team
rules and the same audit entries. A refused action answers its status with ``{"detail": ...}``: 400 for
bad input, 403/404 for an agent who is not the user's, 409 when the state forbids it, 502 when Asterisk
refused or could not be reached and 503 when no Asterisk server is configured.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.models import Role
from callcenter.accounts.roles import role_of
from callcenter.agents.models import Agent, PauseReason, QueueMembership
from callcenter.core.api import ErrorSerializer, ModelSerializer, RolePermission
from callcenter.live.state import AGENT_STATES
from callcenter.pbx.models import Queue
from callcenter.stats.api import CallbackCloseSerializer
from callcenter.stats.models import Callback
from callcenter.wallboard import actions, agentstate
from callcenter.wallboard.models import SpySession

SUPERVISORS = (Role.ADMIN, Role.SUPERVISOR)
AGENTS = (Role.AGENT,)

# --- serializers -------------------------------------------------------------------------------------


class FloorResultSerializer(serializers.Serializer):
    """Asterisk accepted the action; the live state follows from its events."""

    message = serializers.CharField(help_text="What was done, for the person who asked.")
    detail = serializers.CharField(allow_blank=True, help_text="Asterisk's own answer.")


class QueueChoiceSerializer(serializers.Serializer):
    """A queue of the agent (``context["agent"]``); when ``queue_or_all``, a queue or ``all`` is required."""

    queue = serializers.SlugRelatedField(
        slug_field="name",
        queryset=Queue.objects.all(),
        required=False,
        allow_null=True,
        help_text="A queue the agent is a member of.",
    )

    def validate_queue(self, queue: Queue | None) -> Queue | None:
        agent: Agent = self.context["agent"]
        if queue is not None and not QueueMembership.objects.filter(agent=agent, queue=queue).exists():
            raise serializers.ValidationError(
                _("%(agent)s is not a member of %(queue)s.")
                % {"agent": agent.display_name, "queue": queue.name},
                code="not_a_member",
            )
        return queue


class MembershipInputSerializer(QueueChoiceSerializer):
    all = serializers.BooleanField(
        required=False, default=False, help_text="Every queue the agent is a dynamic member of."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("queue") is None and not attrs.get("all"):
            raise serializers.ValidationError({"queue": [_("Choose a queue, or set all.")]}, code="required")
        if attrs.get("queue") is not None and attrs.get("all"):
            raise serializers.ValidationError(
                {"all": [_("Choose a queue or all, not both.")]}, code="invalid"
            )
        return attrs


class PauseInputSerializer(QueueChoiceSerializer):
    reason = serializers.SlugRelatedField(
        slug_field="code",
        queryset=PauseReason.objects.filter(active=True),
        help_text="An active pause reason's code.",
    )


class UnpauseInputSerializer(QueueChoiceSerializer):
    """Without ``queue``: every queue."""


class SpyInputSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=SpySession.Mode.choices)


class SpySessionSerializer(ModelSerializer):
    class Meta:
        model = SpySession
        fields = [
            "id",
            "agent",
            "supervisor",
            "mode",
            "status",
            "supervisor_channel",
            "spyer_channel",
            "requested_at",
            "started_at",
            "ended_at",
            "error",
        ]
        read_only_fields = fields


class MembershipStateSerializer(serializers.Serializer):
    queue = serializers.CharField()
    static = serializers.BooleanField(help_text="Static members are always in the queue: no log-in or out.")
    logged_in = serializers.BooleanField()
    paused = serializers.BooleanField()
    pause_reason = serializers.CharField(allow_blank=True)


class AgentLiveFields(serializers.Serializer):
    state = serializers.CharField(help_text=f"One of: {', '.join([*AGENT_STATES, 'logged out'])}.")
    state_since = serializers.FloatField(allow_null=True, help_text="Unix time the state began.")
    pause_reason = serializers.CharField(allow_null=True)
    memberships = MembershipStateSerializer(many=True)


class FloorAgentSerializer(ModelSerializer):
    """An agent the user may act on, with their live state."""

    live = serializers.SerializerMethodField()

    class Meta:
        model = Agent
        fields = ["id", "display_name", "extension", "member_name", "team", "live"]
        read_only_fields = fields

    @extend_schema_field(AgentLiveFields)
    def get_live(self, agent: Agent) -> dict[str, Any]:
        return _live_fields(agent)


@extend_schema_serializer(many=False)  # served by a "list" route, yet one object
class MyStateSerializer(AgentLiveFields):
    """The signed-in agent and their live state."""

    agent = serializers.IntegerField()
    display_name = serializers.CharField()
    extension = serializers.CharField()


class MyCallbackSerializer(ModelSerializer):
    """One open callback on the agent's list."""

    mine = serializers.BooleanField(help_text="Assigned to me in person (else to my team).")
    contact_name = serializers.CharField(allow_blank=True, help_text="The number's contact, if known.")

    class Meta:
        model = Callback
        fields = [
            "id",
            "number",
            "kind",
            "queue",
            "requested_at",
            "last_call_at",
            "attempts",
            "status",
            "mine",
            "contact_name",
        ]
        read_only_fields = fields


def _live_fields(agent: Agent) -> dict[str, Any]:
    live = agentstate.live_state(agent)
    memberships = agent.memberships.select_related("queue").order_by("queue__name")
    return {
        "state": live["state"],
        "state_since": live["state_since"],
        "pause_reason": live["pause_reason"],
        "memberships": [
            {
                "queue": membership.queue.name,
                "static": membership.static,
                "logged_in": membership.queue.name in live["queues"],
                "paused": membership.queue.name in live["paused_queues"],
                "pause_reason": live["paused_queues"].get(membership.queue.name, ""),
            }
            for membership in memberships
        ],
    }


# --- running an action -------------------------------------------------------------------------------

ACTION_ERRORS = {
    "409": OpenApiResponse(ErrorSerializer, description="The state forbids it (e.g. a static member)."),
    "502": OpenApiResponse(ErrorSerializer, description="Asterisk refused the action or cannot be reached."),
    "503": OpenApiResponse(ErrorSerializer, description="No Asterisk server is configured."),
}


def _run(run: Callable[[], Any], *, ok_status: int = status.HTTP_200_OK) -> Response:
    """Call an action; its refusal becomes its status with ``{"detail": message}``."""
    try:
        outcome = run()
    except actions.WallboardActionError as exc:
        return Response({"detail": exc.message}, status=exc.status)
    if isinstance(outcome, actions.ActionResult):
        return Response(FloorResultSerializer(outcome).data, status=ok_status)
    return Response(outcome, status=ok_status)


def _valid(serializer_class: type[serializers.Serializer], request: Request, agent: Agent) -> dict[str, Any]:
    form = serializer_class(data=request.data, context={"agent": agent})
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


# --- supervisors -------------------------------------------------------------------------------------


class FloorAgentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The agents of the user's teams (all, for an admin) with their live state, and the supervisor's
    actions on one: the same rules and audit entries as on the wallboard."""

    serializer_class = FloorAgentSerializer
    permission_classes = [RolePermission]
    read_roles = SUPERVISORS
    write_roles = SUPERVISORS

    def get_queryset(self) -> Any:
        return (
            Agent.objects.visible_to(self.request.user)
            .filter(active=True)
            .select_related("team")
            .order_by("extension")
        )

    @extend_schema(request=PauseInputSerializer, responses={200: FloorResultSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: str | None = None) -> Response:
        """Pause the agent with a reason, in one queue or (no ``queue``) in all."""
        agent = self.get_object()
        values = _valid(PauseInputSerializer, request, agent)
        return _run(
            lambda: actions.pause_agent(
                request.user, agent, paused=True, reason=values["reason"], queue=values.get("queue")
            )
        )

    @extend_schema(request=UnpauseInputSerializer, responses={200: FloorResultSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def unpause(self, request: Request, pk: str | None = None) -> Response:
        """Unpause the agent, in one queue or (no ``queue``) in all."""
        agent = self.get_object()
        values = _valid(UnpauseInputSerializer, request, agent)
        return _run(lambda: actions.pause_agent(request.user, agent, paused=False, queue=values.get("queue")))

    @extend_schema(request=MembershipInputSerializer, responses={200: FloorResultSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def login(self, request: Request, pk: str | None = None) -> Response:
        """Log the agent in to a queue (QueueAdd), or (``all``) to every queue they are a dynamic member of."""
        agent = self.get_object()
        values = _valid(MembershipInputSerializer, request, agent)
        return _run(lambda: actions.login_agent(request.user, agent, values.get("queue")))

    @extend_schema(request=MembershipInputSerializer, responses={200: FloorResultSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def logout(self, request: Request, pk: str | None = None) -> Response:
        """Log the agent out of a queue (QueueRemove), or (``all``) out of all their dynamic queues."""
        agent = self.get_object()
        values = _valid(MembershipInputSerializer, request, agent)
        return _run(lambda: actions.remove_from_queue(request.user, agent, values.get("queue")))

    @extend_schema(request=SpyInputSerializer, responses={201: SpySessionSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def spy(self, request: Request, pk: str | None = None) -> Response:
        """Listen, whisper or barge: ring the user's own phone, which then joins the agent's call."""
        agent = self.get_object()
        values = _valid(SpyInputSerializer, request, agent)
        return _run(
            lambda: SpySessionSerializer(actions.start_spy(request.user, agent, values["mode"])).data,
            ok_status=status.HTTP_201_CREATED,
        )


class SpySessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Listen / whisper / barge sessions: a supervisor's own, every one for an admin; newest first."""

    serializer_class = SpySessionSerializer
    permission_classes = [RolePermission]
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
        return _run(lambda: actions.end_spy(request.user, session))


# --- the signed-in agent -----------------------------------------------------------------------------


def _me(request: Request) -> Agent:
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
        agent = _me(request)
        return Response(
            {
                "agent": agent.pk,
                "display_name": agent.display_name,
                "extension": agent.extension,
                **_live_fields(agent),
            }
        )

    @extend_schema(request=MembershipInputSerializer, responses={200: FloorResultSerializer, **ACTION_ERRORS})
    @action(detail=False, methods=["post"])
    def login(self, request: Request) -> Response:
        """Log in to one of my queues, or (``all``) to all my dynamic queues."""
        values = _valid(MembershipInputSerializer, request, _me(request))
        return _run(lambda: actions.agent_login(request.user, values.get("queue")))

    @extend_schema(request=MembershipInputSerializer, responses={200: FloorResultSerializer, **ACTION_ERRORS})
    @action(detail=False, methods=["post"])
    def logout(self, request: Request) -> Response:
        """Log out of one of my queues, or (``all``) out of all my dynamic queues."""
        values = _valid(MembershipInputSerializer, request, _me(request))
        return _run(lambda: actions.agent_logout(request.user, values.get("queue")))

    @extend_schema(request=PauseInputSerializer, responses={200: FloorResultSerializer, **ACTION_ERRORS})
    @action(detail=False, methods=["post"])
    def pause(self, request: Request) -> Response:
        """Pause with a reason, in one of my queues or (no ``queue``) in all."""
        values = _valid(PauseInputSerializer, request, _me(request))
        return _run(
            lambda: actions.agent_pause(
                request.user, paused=True, reason=values["reason"], queue=values.get("queue")
            )
        )

    @extend_schema(request=UnpauseInputSerializer, responses={200: FloorResultSerializer, **ACTION_ERRORS})
    @action(detail=False, methods=["post"])
    def unpause(self, request: Request) -> Response:
        """Unpause, in one of my queues or (no ``queue``) in all."""
        values = _valid(UnpauseInputSerializer, request, _me(request))
        return _run(lambda: actions.agent_pause(request.user, paused=False, queue=values.get("queue")))


class MyCallbackViewSet(viewsets.GenericViewSet):
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
        rows = {row["id"]: row for row in agentstate.open_callbacks(self.request.user, _me(self.request))}
        return dict(rows.get(entry.pk) or {})

    @extend_schema(responses=MyCallbackSerializer(many=True))
    def list(self, request: Request) -> Response:
        rows = agentstate.open_callbacks(request.user, _me(request))
        return Response(MyCallbackSerializer(rows, many=True).data)

    @extend_schema(request=None, responses={200: MyCallbackSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def take(self, request: Request, pk: str | None = None) -> Response:
        """Take the callback: it is assigned to me."""
        entry = self.get_object()
        return _run(lambda: MyCallbackSerializer(self._row(actions.take_callback(request.user, entry))).data)

    @extend_schema(request=None, responses={200: FloorResultSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def dial(self, request: Request, pk: str | None = None) -> Response:
        """Call the number: my phone rings, and when I answer the number is dialled. Take it first."""
        entry = self.get_object()
        return _run(lambda: actions.dial_callback(request.user, entry))

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

        return _run(close)
