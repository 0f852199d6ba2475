"""QA evaluation forms: sections of questions, each scored yes/no or on a scale."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.core.models import ValidatedModel
from callcenter.quality.querysets import (
    EvaluationFormQuerySet,
)


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
