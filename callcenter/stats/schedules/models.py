"""Tables of report schedules: the schedule, one run per schedule and due time, one delivery per e-mail.

Imported by callcenter.stats.models, so the tables belong to the stats app.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.stats.schedules.rules import validate_schedule


class ReportScheduleQuerySet(models.QuerySet["ReportSchedule"]):
    def owned_by(self, user: Any) -> ReportScheduleQuerySet:
        """The schedules of one user: everyone, admins included, manages only their own here."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class ReportSchedule(models.Model):
    """A report a user has built and e-mailed on a calendar of their own, in their own time zone.

    The period is the previous day, week (Monday to Sunday) or month in that time zone; a monthly day
    past the end of a month means its last day. Validation lives in callcenter.stats.schedules.rules.
    """

    class Frequency(models.TextChoices):
        DAILY = "daily", _("daily")
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_schedules"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("report"), max_length=32)
    fmt = models.CharField(_("format"), max_length=8)
    queues = models.JSONField(_("queues"), default=list, blank=True)
    agents = models.JSONField(_("agents"), default=list, blank=True)
    frequency = models.CharField(_("frequency"), max_length=8, choices=Frequency.choices)
    weekday = models.PositiveSmallIntegerField(_("weekday"), null=True, blank=True, choices=Weekday.choices)
    day_of_month = models.PositiveSmallIntegerField(_("day of month"), null=True, blank=True)
    time_of_day = models.TimeField(_("time of day"))
    tz = models.CharField(_("time zone"), max_length=64)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    # Due times at or before this instant are never run (set on every save: no catching up on the past).
    active_from = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        validate_schedule(self)


class ScheduleRun(models.Model):
    """One due time of a schedule: at most one per (schedule, due_at), which makes runs idempotent."""

    class Status(models.TextChoices):
        BUILDING = "building", _("building")
        BUILT = "built", _("built")
        FAILED = "failed", _("failed")

    schedule = models.ForeignKey(ReportSchedule, on_delete=models.CASCADE, related_name="runs")
    due_at = models.DateTimeField()
    period_from = models.DateField()
    period_to = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.BUILDING)
    report = models.ForeignKey(
        "stats.ReportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "due_at"], name="stats_one_run_per_due_time")
        ]

    def __str__(self) -> str:
        return f"{self.schedule} {self.due_at:%Y-%m-%d %H:%M}"


class Delivery(models.Model):
    """One e-mail of stored reports: to one recipient of a schedule run, or the nightly daily report to
    DAILY_REPORT_RECIPIENTS. A failed send is tried again with back-off until REPORT_DELIVERY_MAX_ATTEMPTS."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    run = models.ForeignKey(
        ScheduleRun, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    nightly_date = models.DateField(null=True, blank=True)
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    reports = models.ManyToManyField("stats.ReportRun", related_name="+", blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="stats_delivery_due")]

    def __str__(self) -> str:
        return f"{self.subject} -> {', '.join(self.recipients)}"
