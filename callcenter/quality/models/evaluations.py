"""QA evaluations of recorded calls and their answers."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from callcenter.quality.models.forms import EvaluationForm, Question
from callcenter.quality.models.recordings import Recording
from callcenter.quality.querysets import (
    EvaluationQuerySet,
)


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
