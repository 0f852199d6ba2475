"""Dial attempts and the agent's disposition of each answered one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.agents.models import Agent
from callcenter.core.models import ValidatedModel
from callcenter.dialer.models.campaign import Campaign
from callcenter.dialer.models.choices import Outcome
from callcenter.dialer.models.lead import Lead
from callcenter.dialer.querysets import AttemptQuerySet


class Attempt(models.Model):
    """One dial: its id is the Originate ActionID ("dialer-<id>"), so every response maps back to it."""

    class State(models.TextChoices):
        ORIGINATING = "originating", _("Originate sent")
        RINGING = "ringing", _("Ringing")
        ANSWERED = "answered", _("Answered, waiting for an agent")
        BRIDGED = "bridged", _("Bridged to an agent")
        ENDED = "ended", _("Ended")
        UNKNOWN = "unknown", _("Unknown (link lost)")

    campaign = models.ForeignKey(Campaign, related_name="attempts", on_delete=models.CASCADE)
    lead = models.ForeignKey(Lead, related_name="dial_attempts", on_delete=models.CASCADE)
    agent = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.ORIGINATING)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    reason_code = models.IntegerField(_("OriginateResponse reason"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=21)
    worker = models.CharField(_("worker"), max_length=64, blank=True)
    channel = models.CharField(_("channel"), max_length=120, blank=True)
    uniqueid = models.CharField(_("unique ID"), max_length=64, blank=True, db_index=True)
    originated_at = models.DateTimeField(_("originated at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    bridged_at = models.DateTimeField(_("bridged at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    abandoned = models.BooleanField(_("abandoned"), default=False)
    disposition = models.CharField(_("disposition"), max_length=32, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["campaign", "originated_at"]), models.Index(fields=["state"])]
        verbose_name = _("dial attempt")
        verbose_name_plural = _("dial attempts")

    def __str__(self) -> str:
        return self.action_id

    @property
    def action_id(self) -> str:
        return f"dialer-{self.pk}"


class AgentDisposition(ValidatedModel):
    """What the agent concluded after a dialer call; a callback schedules the lead again."""

    class Code(models.TextChoices):
        SALE = "sale", _("Sale / success")
        NOT_INTERESTED = "not_interested", _("Not interested")
        CALLBACK = "callback", _("Call back")
        WRONG_NUMBER = "wrong_number", _("Wrong number")
        DO_NOT_CALL = "do_not_call", _("Do not call")
        MACHINE = "machine", _("Answering machine")
        RETRY = "retry", _("Try again later")

    attempt = models.OneToOneField(Attempt, related_name="agent_disposition", on_delete=models.CASCADE)
    agent = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    code = models.CharField(_("disposition"), max_length=32, choices=Code.choices)
    callback_at = models.DateTimeField(_("call back at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("agent disposition")
        verbose_name_plural = _("agent dispositions")

    def __str__(self) -> str:
        return f"{self.attempt_id}: {self.code}"

    def clean(self) -> None:
        if self.code == self.Code.CALLBACK and self.callback_at is None:
            raise ValidationError({"callback_at": _("A callback needs a time.")})
