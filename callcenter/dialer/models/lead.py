"""The people a campaign calls: the uploaded contact lists and their leads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.agents.models import Agent, Team
from callcenter.core.models import ValidatedModel
from callcenter.core.validators import validate_phone_number
from callcenter.dialer.models.campaign import Campaign
from callcenter.dialer.models.choices import Outcome
from callcenter.dialer.querysets import LeadQuerySet


class ContactList(ValidatedModel):
    """One uploaded file of contacts for a campaign."""

    campaign = models.ForeignKey(Campaign, related_name="contact_lists", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_rows = models.PositiveIntegerField(_("imported rows"), default=0)
    rejected_rows = models.PositiveIntegerField(_("rejected rows"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact list")
        verbose_name_plural = _("contact lists")

    def __str__(self) -> str:
        return self.name


class Lead(models.Model):
    """A person to call for a campaign, with where the dialer stands with them."""

    class State(models.TextChoices):
        NEW = "new", _("New")
        DIALING = "dialing", _("Dialing")
        RETRY = "retry", _("Retry scheduled")
        CALLBACK = "callback", _("Callback")
        DONE = "done", _("Done")
        EXHAUSTED = "exhausted", _("Attempts exhausted")
        DNC = "dnc", _("Do not call")
        PREVIEW = "preview", _("In preview")

    campaign = models.ForeignKey(Campaign, related_name="leads", on_delete=models.CASCADE)
    contact_list = models.ForeignKey(
        ContactList, related_name="leads", null=True, blank=True, on_delete=models.SET_NULL
    )
    phone = models.CharField(_("phone (E.164)"), max_length=21, validators=[validate_phone_number])
    name = models.CharField(_("name"), max_length=120, blank=True)
    tz = models.CharField(_("time zone"), max_length=200, blank=True)
    fields = models.JSONField(_("custom fields"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.NEW)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_outcome = models.CharField(_("last outcome"), max_length=16, choices=Outcome.choices, blank=True)
    locked_by = models.CharField(_("locked by"), max_length=64, blank=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    preview_agent = models.ForeignKey(
        Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="previewed_leads"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("In preview, offered to this team's agents only (a callback assigned to a team)."),
    )
    callback = models.ForeignKey(
        "stats.Callback",
        verbose_name=_("callback"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The callback-list entry this lead calls back (callbacks campaigns)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "phone"], name="dialer_lead_unique_phone")]
        indexes = [models.Index(fields=["campaign", "state", "next_attempt_at"])]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")

    def __str__(self) -> str:
        return f"{self.phone} ({self.campaign_id})"
