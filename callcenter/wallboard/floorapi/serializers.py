"""The floor API's serializers: the actions' inputs, the agents' live state and the agent's callbacks."""

from __future__ import annotations

from typing import Any, TypedDict

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from callcenter.agents.models import Agent, PauseReason, QueueMembership
from callcenter.core.api import ModelSerializer
from callcenter.live.state import AGENT_STATES
from callcenter.pbx.models import Queue
from callcenter.stats.models import Callback
from callcenter.wallboard import agentstate
from callcenter.wallboard.models import SpySession
from callcenter.wallboard.references import optional_slug


class FloorResultSerializer(serializers.Serializer[Any]):
    """Asterisk accepted the action; the live state follows from its events."""

    message = serializers.CharField(help_text="What was done, for the person who asked.")
    detail = serializers.CharField(allow_blank=True, help_text="Asterisk's own answer.")


class QueueChoiceSerializer(serializers.Serializer[Any]):
    """A queue of the agent (``context["agent"]``); when ``queue_or_all``, a queue or ``all`` is required."""

    queue = optional_slug("name", Queue.objects.all(), "A queue the agent is a member of.")

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


class SpyInputSerializer(serializers.Serializer[Any]):
    mode = serializers.ChoiceField(choices=SpySession.Mode.choices)


class SpySessionSerializer(ModelSerializer[SpySession]):
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


class MembershipState(TypedDict):
    """One configured membership of an agent with its live state (``MembershipStateSerializer``)."""

    queue: str
    static: bool
    logged_in: bool
    paused: bool
    pause_reason: str


class AgentLiveState(TypedDict):
    """An agent's live state and their queues (``AgentLiveFields``)."""

    state: str
    state_since: float | None
    pause_reason: str | None
    memberships: list[MembershipState]


class MembershipStateSerializer(serializers.Serializer[Any]):
    queue = serializers.CharField()
    static = serializers.BooleanField(help_text="Static members are always in the queue: no log-in or out.")
    logged_in = serializers.BooleanField()
    paused = serializers.BooleanField()
    pause_reason = serializers.CharField(allow_blank=True)


class AgentLiveFields(serializers.Serializer[Any]):
    state = serializers.CharField(help_text=f"One of: {', '.join([*AGENT_STATES, 'logged out'])}.")
    state_since = serializers.FloatField(allow_null=True, help_text="Unix time the state began.")
    pause_reason = serializers.CharField(allow_null=True)
    memberships = MembershipStateSerializer(many=True)


class FloorAgentSerializer(ModelSerializer[Agent]):
    """An agent the user may act on, with their live state."""

    live = serializers.SerializerMethodField()

    class Meta:
        model = Agent
        fields = ["id", "display_name", "extension", "member_name", "team", "live"]
        read_only_fields = fields

    @extend_schema_field(AgentLiveFields)
    def get_live(self, agent: Agent) -> AgentLiveState:
        return live_fields(agent)


@extend_schema_serializer(many=False)  # served by a "list" route, yet one object
class MyStateSerializer(AgentLiveFields):
    """The signed-in agent and their live state."""

    agent = serializers.IntegerField()
    display_name = serializers.CharField()
    extension = serializers.CharField()


class MyCallbackSerializer(ModelSerializer[Any]):
    """One open callback on the agent's list: a row of ``agentstate.open_callbacks`` (not a model)."""

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


# The attribute a list of agents prefetches their memberships (with the queue, by queue name) into.
FLOOR_MEMBERSHIPS = "floor_memberships"


def floor_memberships() -> Prefetch[Any, Any, Any]:
    """The prefetch of every listed agent's memberships that ``live_fields`` reads."""
    return Prefetch(
        "memberships",
        queryset=QueueMembership.objects.select_related("queue").order_by("queue__name"),
        to_attr=FLOOR_MEMBERSHIPS,
    )


def live_fields(agent: Agent) -> AgentLiveState:
    """The agent's live state and their queues, as ``AgentLiveFields``."""
    live = agentstate.live_state(agent)
    # A list's queryset prefetches them (FLOOR_MEMBERSHIPS); a single agent reads them here.
    memberships = getattr(agent, FLOOR_MEMBERSHIPS, None)
    if memberships is None:
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
