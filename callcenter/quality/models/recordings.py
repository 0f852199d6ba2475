"""Call recordings tied to their calls, how far the import got, and how long each queue keeps them.

A recording is known from the line its node's dialplan writes into queue_log when a recorded call that an
agent took hangs up (``RECORDING|<file>``, dialplans/recording.conf); the statistics loader stores that
line, and the import (actions.import_recordings) makes a Recording of it with the call's figures.
Names are kept as Asterisk wrote them (``queue``, ``agent``) next to optional links to the configured
Queue and Agent, as in the statistics.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.core.models import ValidatedModel
from callcenter.quality.querysets import (
    RecordingQuerySet,
)

MAX_RETENTION_DAYS = 3650


class Recording(models.Model):
    """One recorded call: who, when, how long, and the file Asterisk wrote, with what was found on disk."""

    class Status(models.TextChoices):
        PENDING = "pending", _("not checked yet")
        OK = "ok", _("playable")
        MISSING = "missing", _("file missing")
        EMPTY = "empty", _("file empty")
        OUTSIDE = "outside", _("outside the node's recordings directory")

    server = models.CharField(_("node"), max_length=64)
    callid = models.CharField(_("call id"), max_length=64)
    queue = models.CharField(_("queue"), max_length=128)
    queue_ref = models.ForeignKey(
        "pbx.Queue", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agent = models.CharField(_("agent"), max_length=128, blank=True, help_text=_("The member name."))
    agent_ref = models.ForeignKey(
        "agents.Agent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recordings",
    )
    caller = models.CharField(_("caller"), max_length=80, blank=True)
    started_at = models.DateTimeField(
        _("start"), help_text=_("When the agent took the call: recording starts when the call is bridged.")
    )
    duration_s = models.PositiveIntegerField(
        _("duration (s)"),
        null=True,
        blank=True,
        help_text=_("From the file's own header when its format has one, otherwise the call's talk time."),
    )
    path = models.CharField(_("file"), max_length=255, help_text=_("As the node's Asterisk wrote it."))
    format = models.CharField(_("format"), max_length=16, blank=True)
    size = models.BigIntegerField(_("size (bytes)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    logged_at = models.DateTimeField(_("logged"), help_text=_("The time of the RECORDING line in queue_log."))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecordingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["server", "callid", "queue"], name="quality_recording_call")
        ]
        indexes = [
            models.Index(fields=["started_at"], name="quality_recording_started"),
            models.Index(fields=["agent", "started_at"], name="quality_recording_agent"),
        ]
        ordering = ["-started_at", "-id"]
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")

    def __str__(self) -> str:
        return f"{self.queue} {self.callid}"

    @property
    def playable(self) -> bool:
        return self.status == self.Status.OK


class ImportMark(models.Model):
    """How far a node's stored queue_log lines have been read for RECORDING lines (by line id)."""

    server = models.CharField(max_length=64, unique=True)
    line_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.server}: recordings read through line {self.line_id}"


class RetentionRule(ValidatedModel):
    """How many days a queue's recordings are kept; queues without a rule use RECORDING_RETENTION_DAYS."""

    queue = models.OneToOneField(
        "pbx.Queue", verbose_name=_("queue"), on_delete=models.CASCADE, related_name="recording_retention"
    )
    days = models.PositiveIntegerField(
        _("days"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text=_("Recordings older than this are deleted every night (unless under an open evaluation)."),
    )

    class Meta:
        ordering = ["queue__name"]
        verbose_name = _("recording retention")
        verbose_name_plural = _("recording retention")

    def __str__(self) -> str:
        return f"{self.queue_id}: {self.days} d"
