"""An outbound campaign: who takes its calls, when and how it dials, and its legal limits."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.agents.models import Agent
from callcenter.core.models import ValidatedModel
from callcenter.core.validators import (
    validate_identifier,
    validate_person_name,
    validate_phone_number,
    validate_time_zone,
)
from callcenter.dialer.models.choices import Mode
from callcenter.dialer.models.rules import (
    RETRYABLE_OUTCOMES,
    WEEKDAYS,
    default_call_windows,
    default_retry_rules,
    parse_hhmm,
)
from callcenter.dialer.querysets import CampaignQuerySet
from callcenter.pbx.models import Queue, Schedule, Trunk


class Campaign(ValidatedModel):
    """An outbound campaign: who takes its calls, when and how it dials, and its legal limits."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        STOPPED = "stopped", _("Stopped")

    class Kind(models.TextChoices):
        OUTBOUND = "outbound", _("Outbound list")
        CALLBACKS = "callbacks", _("Callbacks of the queue")

    objects = CampaignQuerySet.as_manager()

    name = models.CharField(_("name"), max_length=64, unique=True, validators=[validate_identifier])
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=Kind.choices,
        default=Kind.OUTBOUND,
        help_text=_(
            "A callbacks campaign dials the open callbacks of its queue (the callback list) instead of "
            "uploaded lists: one per queue, in preview or progressive mode."
        ),
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.PROGRESSIVE)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    queue = models.ForeignKey(
        Queue,
        verbose_name=_("queue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
        help_text=_("Answered calls go to this queue's agents."),
    )
    agents = models.ManyToManyField(Agent, verbose_name=_("agents"), related_name="campaigns", blank=True)
    trunk = models.ForeignKey(
        Trunk, verbose_name=_("trunk"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    caller_id = models.CharField(_("caller ID number"), max_length=21, validators=[validate_phone_number])
    caller_id_name = models.CharField(
        _("caller ID name"),
        max_length=40,
        blank=True,
        validators=[validate_person_name],
        help_text=_("Sent made safe for the dialplan and SIP (commas, quotes and the like become spaces)."),
    )
    time_zone = models.CharField(
        _("fallback time zone"),
        max_length=64,
        default="Europe/Moscow",
        validators=[validate_time_zone],
        help_text=_("Used for leads whose number does not tell a single time zone and have none given."),
    )
    call_windows = models.JSONField(
        _("call windows"),
        default=default_call_windows,
        help_text=_('Per weekday, in the callee\'s time zone: {"mon": [["09:00", "21:00"]], ...}.'),
    )
    retry_rules = models.JSONField(
        _("retry rules"),
        default=default_retry_rules,
        help_text=_('Per outcome: {"busy": {"delay_min": 10, "max": 5}, ...}.'),
    )
    target_abandon_pct = models.FloatField(
        _("target abandon rate (%)"),
        default=3.0,
        validators=[MinValueValidator(0.0), MaxValueValidator(100.0)],
    )
    max_dial_ratio = models.FloatField(
        _("maximum lines per agent"),
        default=3.0,
        validators=[MinValueValidator(1.0), MaxValueValidator(10.0)],
    )
    ring_timeout_s = models.PositiveIntegerField(
        _("ring timeout (s)"), default=30, validators=[MinValueValidator(5), MaxValueValidator(120)]
    )
    priority = models.PositiveIntegerField(_("priority"), default=0)
    schedule = models.ForeignKey(
        Schedule,
        verbose_name=_("business hours"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "When set, calls are placed only while this schedule is open (its weekday hours, not on its "
            "holidays), besides the call windows. A new callbacks campaign takes the hours of the routes "
            "that lead to its queue."
        ),
    )
    queue_priority = models.PositiveSmallIntegerField(
        _("priority in the queue"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "QUEUE_PRIO of the answered calls in the queue: a higher one is served before the callers "
            "waiting there. 0: like any caller."
        ),
    )
    callbacks_missed = models.BooleanField(
        _("also call back missed calls"),
        default=False,
        help_text=_(
            "A callbacks campaign dials the callers who asked to be called back; with this, also those "
            "whose calls went unanswered."
        ),
    )
    callback_max_age_h = models.PositiveIntegerField(
        _("call back within (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
        help_text=_("A callbacks campaign leaves older entries to people."),
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    daily_cap = models.PositiveIntegerField(_("dials per day (0 = no limit)"), default=0)
    total_cap = models.PositiveIntegerField(_("dials in total (0 = no limit)"), default=0)
    pacing_gain = models.FloatField(
        _("predictive pacing gain"),
        default=1.0,
        editable=False,
        help_text=_("The predictive controller's adaptive gain, kept between pacing runs."),
    )
    dial_context = models.CharField(
        _("answered-call context"),
        max_length=64,
        default="cc-dialer-connected",
        validators=[validate_identifier],
        help_text=_(
            "Dialplan context an answered call enters; it bridges to an agent or plays the abandon message."
        ),
    )

    class Meta:
        ordering = ["-priority", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.UniqueConstraint(
                fields=["queue"],
                condition=models.Q(kind="callbacks"),
                name="dialer_one_callbacks_campaign_per_queue",
                violation_error_message=_("This queue has a callbacks campaign already."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        windows = self.call_windows
        if not isinstance(windows, dict) or set(windows) - set(WEEKDAYS):
            errors["call_windows"] = _("Use the weekday keys mon … sun.")
        else:
            try:
                for spans in windows.values():
                    for start, end in spans:
                        if parse_hhmm(start) >= parse_hhmm(end):
                            raise ValueError(start)
            except (TypeError, ValueError):
                errors["call_windows"] = _('Each window is a pair of times such as ["09:00", "21:00"].')
        rules = self.retry_rules
        if not isinstance(rules, dict) or set(rules) - set(RETRYABLE_OUTCOMES):
            errors["retry_rules"] = _(
                "Retry rules are keyed by busy, no_answer, congestion, machine, failed, disposition."
            )
        else:
            for rule in rules.values():
                if not (
                    isinstance(rule, dict)
                    and isinstance(rule.get("delay_min"), int)
                    and isinstance(rule.get("max"), int)
                    and rule["delay_min"] >= 0
                    and rule["max"] >= 0
                ):
                    errors["retry_rules"] = _("Each rule has whole, non-negative delay_min and max.")
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            errors["ends_at"] = _("The end must be after the start.")
        if self.kind == self.Kind.CALLBACKS:
            if self.queue_id is None:
                errors["queue"] = _("A callbacks campaign calls back the callers of a queue: choose it.")
            if self.mode == Mode.PREDICTIVE:
                errors["mode"] = _("A callbacks campaign dials in preview or progressive mode.")
        if errors:
            raise ValidationError(errors)

    def retry_rule(self, outcome: str) -> dict[str, int]:
        rule = (self.retry_rules or {}).get(outcome) or RETRYABLE_OUTCOMES.get(outcome)
        return dict(rule) if rule else {"delay_min": 0, "max": 0}

    def window_open(self, when: dt.datetime, tz_name: str) -> bool:
        """Whether ``when`` falls inside a call window in ``tz_name`` (several zones: open in all of them)."""
        names = tz_name.split() or [self.time_zone]
        for name in names:
            local = when.astimezone(zoneinfo.ZoneInfo(name))
            spans = (self.call_windows or {}).get(WEEKDAYS[local.weekday()], [])
            clock = local.time()
            if not any(parse_hhmm(start) <= clock < parse_hhmm(end) for start, end in spans):
                return False
        return True
