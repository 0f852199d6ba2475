"""Calls assembled from queue_log: queued calls, held turns of callbacks and agents' unanswered rings.

Names are kept exactly as Asterisk wrote them (``queue``, ``agent``) next to optional links to the
configured Queue and Agent, so a name that is not (yet) configured is still counted and shown as written.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.stats.models.lines import QueueLogLine
from callcenter.stats.querysets import CallQuerySet


class Call(models.Model):
    """One queued call (one ENTERQUEUE of a callid into a queue) with its outcome."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("answered")
        TRANSFERRED = "transferred", _("answered, transferred")
        ABANDONED = "abandoned", _("abandoned")
        TIMEOUT = "timeout", _("timeout")
        EXITEMPTY = "exitempty", _("left: queue empty")
        EXITKEY = "exitkey", _("left with a key")
        CALLBACK = "callback", _("callback requested")
        WAITING = "", _("in progress")

    server = models.CharField(max_length=64)
    callid = models.CharField(max_length=64)
    queue = models.CharField(max_length=128)
    # No index on the links: nothing looks calls up by them, and every index costs each loaded call.
    queue_ref = models.ForeignKey(
        "pbx.Queue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    caller = models.CharField(max_length=80, blank=True)
    entered_at = models.DateTimeField()
    connected_at = models.DateTimeField(null=True)
    ended_at = models.DateTimeField(null=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    wait_s = models.IntegerField(null=True)
    talk_s = models.IntegerField(null=True)
    agent = models.CharField(max_length=128, blank=True)
    agent_ref = models.ForeignKey(
        "agents.Agent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    transfer_target = models.CharField(max_length=255, blank=True)
    ended_by = models.CharField(max_length=12, blank=True)
    exit_key = models.CharField(max_length=8, blank=True)
    survey_score = models.SmallIntegerField(null=True)
    recording = models.CharField(max_length=255, blank=True)
    # CALLBACKREQUEST: the number the caller asked to be called back on, and when (outcome "callback").
    callback_number = models.CharField(max_length=80, blank=True)
    callback_requested_at = models.DateTimeField(null=True, blank=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["server", "callid", "queue"], name="stats_call_unique")
        ]
        indexes = [
            # No index on caller: caller numbers arrive in random order, so its upkeep was a fifth of
            # the call assembly; the callback list reads answered calls by time instead.
            models.Index(fields=["entered_at", "queue"], name="stats_call_entered"),
        ]
        ordering = ["-entered_at"]

    def __str__(self) -> str:
        return f"{self.queue} {self.callid} {self.outcome or 'waiting'}"

    @property
    def answered(self) -> bool:
        return self.outcome in (self.Outcome.ANSWERED, self.Outcome.TRANSFERRED)


class CallbackTurn(models.Model):
    """The held turn of a callback request: a Local channel that re-entered the queue in the caller's place.

    It is not a call from a customer, so it is kept apart from Call: it would otherwise be an answered
    call from an unknown number whose talk time includes dialling the customer. Its first line,
    CALLBACKHOLD, names the callid of the request (``request_callid``, the Call with outcome
    "callback" in the same queue). Connected to an agent, the callback was made by that agent.
    """

    server = models.CharField(max_length=64)
    callid = models.CharField(max_length=64)
    queue = models.CharField(max_length=128)
    request_callid = models.CharField(max_length=64)
    entered_at = models.DateTimeField()
    connected_at = models.DateTimeField(null=True)
    ended_at = models.DateTimeField(null=True)
    outcome = models.CharField(max_length=12, choices=Call.Outcome.choices, blank=True)
    wait_s = models.IntegerField(null=True)
    talk_s = models.IntegerField(null=True)
    agent = models.CharField(max_length=128, blank=True)
    agent_ref = models.ForeignKey(
        "agents.Agent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["server", "callid", "queue"], name="stats_callbackturn_unique")
        ]
        indexes = [
            models.Index(fields=["server", "request_callid"], name="stats_callbackturn_request"),
            models.Index(fields=["entered_at", "queue"], name="stats_callbackturn_entered"),
        ]
        ordering = ["-entered_at"]

    def __str__(self) -> str:
        return f"{self.queue} {self.callid} holds {self.request_callid} ({self.outcome or 'waiting'})"

    @property
    def answered(self) -> bool:
        return self.connected_at is not None


class RingNoAnswer(models.Model):
    """An agent rang for a call and did not pick up (RINGNOANSWER): the agent's "missed" calls."""

    line = models.OneToOneField(QueueLogLine, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    server = models.CharField(max_length=64)
    callid = models.CharField(max_length=64)
    queue = models.CharField(max_length=128)
    agent = models.CharField(max_length=128)
    agent_ref = models.ForeignKey(
        "agents.Agent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    time = models.DateTimeField()
    ring_ms = models.IntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["time", "agent"], name="stats_rna_time")]

    def __str__(self) -> str:
        return f"{self.agent} missed {self.callid}"
