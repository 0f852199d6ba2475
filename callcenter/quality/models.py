"""Call recordings tied to their calls, how long each queue keeps them, and QA evaluation forms and scores.

A recording is known from the line its node's dialplan writes into queue_log when a recorded call that an
agent took hangs up (``RECORDING|<file>``, dialplans/recording.conf); the statistics loader stores that
line, and the import (actions.import_recordings) makes a Recording of it with the call's figures.
Names are kept as Asterisk wrote them (``queue``, ``agent``) next to optional links to the configured
Queue and Agent, as in the statistics.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from callcenter.core.models import ValidatedModel
from callcenter.quality.querysets import (
    EvaluationFormQuerySet,
    EvaluationQuerySet,
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


class EvaluationForm(ValidatedModel):
    """A QA form: sections of weighted questions a supervisor answers while listening to a call."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active forms can be used for new evaluations.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EvaluationFormQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("evaluation form")
        verbose_name_plural = _("evaluation forms")

    def __str__(self) -> str:
        return self.name


class FormSection(ValidatedModel):
    """A titled group of questions of a form."""

    form = models.ForeignKey(
        EvaluationForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(_("title"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["form", "position", "id"]
        verbose_name = _("form section")
        verbose_name_plural = _("form sections")

    def __str__(self) -> str:
        return self.title


class Question(ValidatedModel):
    """A question of a section: its weight in the score, and whether failing it zeroes the evaluation."""

    class Kind(models.TextChoices):
        YES_NO = "yesno", _("yes / no")
        SCALE = "scale", _("scale 0-5")

    section = models.ForeignKey(
        FormSection, verbose_name=_("section"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("answer"), max_length=8, choices=Kind.choices, default=Kind.YES_NO)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    fatal = models.BooleanField(
        _("fatal"), default=False, help_text=_("Answered “no” (or 0), the whole evaluation scores 0.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["section__position", "section_id", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def max_value(self) -> int:
        return 1 if self.kind == self.Kind.YES_NO else 5


class Evaluation(models.Model):
    """A supervisor's scoring of one recorded call with a form. Open while being filled in; closed is final.

    The call's facts are kept here, so an evaluation outlives its recording (deleted by retention once
    the evaluation is closed: retention never deletes a recording under an open evaluation).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    recording = models.ForeignKey(
        Recording,
        verbose_name=_("recording"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluations",
    )
    form = models.ForeignKey(
        EvaluationForm, verbose_name=_("form"), on_delete=models.PROTECT, related_name="evaluations"
    )
    server = models.CharField(_("node"), max_length=64)
    callid = models.CharField(_("call id"), max_length=64)
    queue = models.CharField(_("queue"), max_length=128)
    agent = models.CharField(_("agent"), max_length=128, blank=True)
    agent_ref = models.ForeignKey(
        "agents.Agent",
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluations",
    )
    call_started_at = models.DateTimeField(_("call start"))
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="qa_evaluations",
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("0-100: the weighted share of the points; 0 when a fatal question failed."),
    )
    fatal_failed = models.BooleanField(_("fatal question failed"), default=False)
    comment = models.TextField(_("comment"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["call_started_at", "agent"],
                name="quality_evaluation_closed",
                condition=Q(status="closed"),
            )
        ]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.form_id} {self.queue} {self.callid} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Answer(models.Model):
    """The value given to one question in one evaluation; no value means "not applicable"."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "question"], name="quality_answer_unique")
        ]
        ordering = ["question__section__position", "question__position", "question_id"]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value}"
