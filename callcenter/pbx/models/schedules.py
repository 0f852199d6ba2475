"""Business hours: schedules, their weekly rules and holidays."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.core.models import ValidatedModel
from callcenter.core.validators import (
    validate_date_in_range,
    validate_display_name,
    validate_identifier,
    validate_time_zone,
)


class Schedule(ValidatedModel):
    """Business hours per weekday and holidays, in a time zone."""

    name = models.CharField(_("name"), max_length=64, unique=True, validators=[validate_identifier])
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Moscow", validators=[validate_time_zone]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self) -> str:
        return self.name


class ScheduleRule(ValidatedModel):
    """Opening hours on one weekday (0 = Monday)."""

    schedule = models.ForeignKey(Schedule, related_name="rules", on_delete=models.CASCADE)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["schedule", "weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens is not None and self.closes is not None and self.opens >= self.closes:
            raise ValidationError(_("Opening time must be before closing time."))


class Holiday(ValidatedModel):
    """A public holiday or a closed day of a schedule (also marks holiday work for payroll)."""

    schedule = models.ForeignKey(Schedule, related_name="holidays", on_delete=models.CASCADE)
    date = models.DateField(_("date"), validators=[validate_date_in_range])
    name = models.CharField(_("name"), max_length=80, validators=[validate_display_name])

    class Meta:
        ordering = ["date"]
        unique_together = [("schedule", "date")]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"
