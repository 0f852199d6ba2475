"""An agent's place in the dialer: the campaign they work and whether they are free for its next call."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.agents.models import Agent
from callcenter.dialer.models.campaign import Campaign


class DialerAgentState(models.Model):
    """Whether an agent works a campaign right now, and whether they are free for its next call."""

    class Status(models.TextChoices):
        LOGGED_OUT = "logged_out", _("Logged out")
        READY = "ready", _("Ready")
        ON_CALL = "on_call", _("On a call")
        WRAPUP = "wrapup", _("Wrap-up")

    agent = models.OneToOneField(Agent, related_name="dialer_state", on_delete=models.CASCADE)
    campaign = models.ForeignKey(
        Campaign, related_name="agent_states", null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.LOGGED_OUT)
    since = models.DateTimeField(_("since"))

    class Meta:
        verbose_name = _("dialer agent state")
        verbose_name_plural = _("dialer agent states")

    def __str__(self) -> str:
        return f"{self.agent_id}: {self.status}"
