"""Wallboard tables: the CRM contacts an agent sees for a caller, and the supervisor's spy sessions."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.core.models import ValidatedModel
from callcenter.core.validators import validate_display_name

_NOT_DIGITS = re.compile(r"[^0-9]")


def normalise_number(value: str) -> str:
    """The digits of a phone number, which is how contacts and caller IDs are compared.

    Caller IDs arrive as Asterisk wrote them (``5550006``, ``+7 495 ...``, ``8 (495) ...``); comparing the
    digits only keeps ``+7 495 123-45-67`` and ``74951234567`` the same contact.
    """
    return _NOT_DIGITS.sub("", value or "")


class Contact(ValidatedModel):
    """A customer known by phone number: what the agent sees when that number calls."""

    phone = models.CharField(
        _("phone number"),
        max_length=32,
        unique=True,
        help_text=_("Stored as digits only, so that any written form of the number finds the contact."),
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_display_name])
    company = models.CharField(_("company"), max_length=120, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.phone})"

    def clean(self) -> None:
        self.phone = normalise_number(self.phone)


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
