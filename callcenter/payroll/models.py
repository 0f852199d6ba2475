"""Payroll's own records: corrections of logged-in sessions and the periods closed for payroll.

The statistics tables are rebuilt from queue_log whenever lines are (re)loaded, so a correction does not
point at a stats row by id: it names the session by what the PBX wrote (server, queue, interface and the
ADDMEMBER time) and keeps the original times next to the corrected ones.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from callcenter.payroll.querysets import ClosedPeriodQuerySet, SessionCorrectionQuerySet


class SessionCorrection(models.Model):
    """A payroll fix of one logged-in session (e.g. a forgotten log-out); the newest one for a session applies."""

    agent = models.ForeignKey(
        "agents.Agent", verbose_name=_("agent"), related_name="session_corrections", on_delete=models.PROTECT
    )
    server = models.CharField(_("server"), max_length=64)
    queue = models.CharField(_("queue"), max_length=128)
    interface = models.CharField(_("interface"), max_length=128)
    original_started_at = models.DateTimeField(_("original start"))
    original_ended_at = models.DateTimeField(_("original end"), null=True, blank=True)
    started_at = models.DateTimeField(_("corrected start"))
    ended_at = models.DateTimeField(_("corrected end"))
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("corrected at"), auto_now_add=True)

    objects = SessionCorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["original_started_at", "id"]
        verbose_name = _("session correction")
        verbose_name_plural = _("session corrections")
        indexes = [
            models.Index(
                fields=["server", "queue", "interface", "original_started_at"], name="payroll_corr_key"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__gt=models.F("started_at")), name="payroll_corr_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.interface} {self.queue} {self.original_started_at:%Y-%m-%d %H:%M}: {self.reason}"


class ClosedPeriod(models.Model):
    """A period (calendar days in the center's time zone) closed for payroll: corrections inside it are refused.

    The export is frozen at closing (``xml``/``json``) and offered as is while the period stays closed.
    Re-opening keeps the row (with who, when and why) so the history of closing stays visible.
    """

    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_at = models.DateTimeField(_("re-opened at"), null=True, blank=True)
    reopen_reason = models.CharField(_("reason for re-opening"), max_length=200, blank=True)
    # The files as they were when the period was closed: what was sent to 1C stays reproducible even
    # if queue_log lines for those days are loaded later.
    tz = models.CharField(_("time zone"), max_length=64, blank=True)
    schedule = models.CharField(_("holiday schedule"), max_length=64, blank=True)
    xml = models.TextField(_("XML as closed"), blank=True)
    json = models.TextField(_("JSON as closed"), blank=True)

    objects = ClosedPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-date_from", "-id"]
        verbose_name = _("closed payroll period")
        verbose_name_plural = _("closed payroll periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__gte=models.F("date_from")), name="payroll_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date_from}..{self.date_to}"

    @property
    def is_open(self) -> bool:
        return self.reopened_at is not None
