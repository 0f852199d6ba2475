"""Wallboard tables: the CRM contacts an agent sees for a caller, the external CRM of a queue, and the
supervisor's spy sessions."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.core.models import ValidatedModel
from callcenter.core.phones import phone_key
from callcenter.core.validators import (
    validate_display_name,
    validate_identifier,
    validate_person_name,
    validate_url_template,
)

# app_queue's QUEUE_PRIO: a caller with a higher number is placed ahead of callers with a lower one. The
# dialplan accepts at most three digits (asterisk_conf/dialplan.conf.tmpl, context cc-vip).
MAX_TIER_PRIORITY = 999


def normalise_number(value: str) -> str:
    """How contacts and caller IDs are compared: the number in E.164 when it is a valid number, else its
    digits (``callcenter.core.phones.phone_key``).

    Caller IDs arrive as Asterisk wrote them (``79161110000``, ``+7 916 ...``, ``8 (916) ...``): all of them
    are ``+79161110000``, so any written form of a number finds its contact.
    """
    return phone_key(value)


class ContactTier(ValidatedModel):
    """A class of customers served ahead of others: the queue priority its callers get and, if set, a
    queue of their own. A contact without a tier is an ordinary caller (priority 0, the route's queue)."""

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[validate_identifier],
        help_text=_("Short name used in CSV imports and the API, e.g. vip."),
    )
    name = models.CharField(_("name"), max_length=80, validators=[validate_display_name])
    priority = models.PositiveSmallIntegerField(
        _("queue priority"),
        default=10,
        validators=[MaxValueValidator(MAX_TIER_PRIORITY)],
        help_text=_(
            "0 to 999. In a queue, callers with a higher priority are answered before callers with a lower "
            "one; ordinary callers have 0."
        ),
    )
    queue = models.ForeignKey(
        "pbx.Queue",
        verbose_name=_("own queue"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_(
            "Optional: callers of this tier go to this queue instead of the queue their inbound route "
            "names (on the nodes that have it)."
        ),
    )

    class Meta:
        ordering = ["-priority", "code"]
        verbose_name = _("contact tier")
        verbose_name_plural = _("contact tiers")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.priority and self.queue_id is None:
            raise ValidationError(
                {
                    "priority": _(
                        "A tier needs a priority above 0 or a queue of its own; else it changes nothing."
                    )
                }
            )


class Contact(ValidatedModel):
    """A customer known by phone number: what the agent sees when that number calls."""

    phone = models.CharField(
        _("phone number"),
        max_length=32,
        unique=True,
        help_text=_(
            "Stored in E.164 (+79161110000); a number that is no valid public number (an extension) keeps "
            "its digits. Any written form of the number finds the contact."
        ),
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_person_name])
    company = models.CharField(_("company"), max_length=120, blank=True, validators=[validate_person_name])
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    tier = models.ForeignKey(
        ContactTier,
        verbose_name=_("tier"),
        null=True,
        blank=True,
        related_name="contacts",
        on_delete=models.SET_NULL,
        help_text=_("Empty: an ordinary caller. A tier's callers are served first in the queues."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.phone})"

    def clean(self) -> None:
        self.phone = normalise_number(self.phone)
        if not self.phone:
            raise ValidationError({"phone": _("Give a phone number (at least one digit).")})


class CRMLink(ValidatedModel):
    """An external CRM the agent page opens for a caller of a queue, found by the caller's number."""

    queue = models.OneToOneField(
        "pbx.Queue", verbose_name=_("queue"), related_name="crm_link", on_delete=models.CASCADE
    )
    url_template = models.CharField(
        _("URL template"),
        max_length=500,
        validators=[validate_url_template],
        help_text=_(
            "An http(s) address; {number} is the caller's number in E.164, {digits} its digits, {queue} "
            "the queue. Example: https://crm.example/find?phone={number}"
        ),
    )

    class Meta:
        ordering = ["queue__name"]
        verbose_name = _("external CRM link")
        verbose_name_plural = _("external CRM links")

    def __str__(self) -> str:
        return f"{self.queue}: {self.url_template}"


class SpySession(models.Model):
    """One listen / whisper / barge: who spied on whom, how, and when it started and ended."""

    class Mode(models.TextChoices):
        LISTEN = "listen", _("listen")
        WHISPER = "whisper", _("whisper")
        BARGE = "barge", _("barge")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("ringing the supervisor")
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")
        FAILED = "failed", _("failed")

    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("supervisor"), related_name="+", on_delete=models.PROTECT
    )
    agent = models.ForeignKey(
        "agents.Agent", verbose_name=_("agent"), related_name="+", on_delete=models.PROTECT
    )
    server = models.CharField(_("Asterisk server"), max_length=64)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices)
    action_id = models.CharField(_("ActionID"), max_length=64, unique=True)
    supervisor_channel = models.CharField(_("supervisor phone channel"), max_length=120)
    spyee = models.CharField(_("spied channel prefix"), max_length=120)
    spyer_channel = models.CharField(_("spying channel"), max_length=120, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("spy session")
        verbose_name_plural = _("spy sessions")

    def __str__(self) -> str:
        return f"{self.supervisor_id} {self.mode} {self.agent_id} ({self.status})"
