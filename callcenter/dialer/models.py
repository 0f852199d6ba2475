"""Outbound campaigns: contact lists, leads, do-not-call entries, dial attempts and agent dispositions."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.agents.models import Agent, Team
from callcenter.core.models import ValidatedModel
from callcenter.core.validators import (
    validate_identifier,
    validate_person_name,
    validate_phone_number,
    validate_time_zone,
)
from callcenter.dialer.querysets import AttemptQuerySet, CampaignQuerySet, LeadQuerySet
from callcenter.pbx.models import Queue, Schedule, Trunk


class Mode(models.TextChoices):
    """How a campaign decides when to dial."""

    PREVIEW = "preview", _("Preview")
    PROGRESSIVE = "progressive", _("Progressive")
    PREDICTIVE = "predictive", _("Predictive")


class Outcome(models.TextChoices):
    """The result of one dial attempt, from OriginateResponse reasons and the bridged call's events."""

    PENDING = "", _("pending")
    ANSWERED = "answered", _("answered")
    BUSY = "busy", _("busy")
    NO_ANSWER = "no_answer", _("no answer")
    CONGESTION = "congestion", _("congestion")
    FAILED = "failed", _("failed")
    MACHINE = "machine", _("answering machine")
    ABANDONED = "abandoned", _("abandoned")
    UNKNOWN = "unknown", _("unknown")


# The outcomes a campaign can retry, with the default delay (minutes) and maximum attempts.
RETRYABLE_OUTCOMES: dict[str, dict[str, int]] = {
    "busy": {"delay_min": 10, "max": 5},
    "no_answer": {"delay_min": 60, "max": 5},
    "congestion": {"delay_min": 5, "max": 5},
    "machine": {"delay_min": 240, "max": 3},
    "failed": {"delay_min": 60, "max": 2},
    "disposition": {"delay_min": 1440, "max": 3},
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def default_retry_rules() -> dict[str, dict[str, int]]:
    return {outcome: dict(rule) for outcome, rule in RETRYABLE_OUTCOMES.items()}


def default_call_windows() -> dict[str, list[list[str]]]:
    return {day: [["09:00", "21:00"]] for day in WEEKDAYS}


def _parse_hhmm(value: Any) -> dt.time:
    """A window bound such as "09:00"; "24:00" is the end of the day."""
    if not isinstance(value, str):
        raise ValueError(value)
    if value == "24:00":
        return dt.time.max
    return dt.time.fromisoformat(value)


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
                        if _parse_hhmm(start) >= _parse_hhmm(end):
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
            if not any(_parse_hhmm(start) <= clock < _parse_hhmm(end) for start, end in spans):
                return False
        return True


class ContactList(ValidatedModel):
    """One uploaded file of contacts for a campaign."""

    campaign = models.ForeignKey(Campaign, related_name="contact_lists", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_rows = models.PositiveIntegerField(_("imported rows"), default=0)
    rejected_rows = models.PositiveIntegerField(_("rejected rows"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact list")
        verbose_name_plural = _("contact lists")

    def __str__(self) -> str:
        return self.name


class Lead(models.Model):
    """A person to call for a campaign, with where the dialer stands with them."""

    class State(models.TextChoices):
        NEW = "new", _("New")
        DIALING = "dialing", _("Dialing")
        RETRY = "retry", _("Retry scheduled")
        CALLBACK = "callback", _("Callback")
        DONE = "done", _("Done")
        EXHAUSTED = "exhausted", _("Attempts exhausted")
        DNC = "dnc", _("Do not call")
        PREVIEW = "preview", _("In preview")

    campaign = models.ForeignKey(Campaign, related_name="leads", on_delete=models.CASCADE)
    contact_list = models.ForeignKey(
        ContactList, related_name="leads", null=True, blank=True, on_delete=models.SET_NULL
    )
    phone = models.CharField(_("phone (E.164)"), max_length=21, validators=[validate_phone_number])
    name = models.CharField(_("name"), max_length=120, blank=True)
    tz = models.CharField(_("time zone"), max_length=200, blank=True)
    fields = models.JSONField(_("custom fields"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.NEW)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_outcome = models.CharField(_("last outcome"), max_length=16, choices=Outcome.choices, blank=True)
    locked_by = models.CharField(_("locked by"), max_length=64, blank=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    preview_agent = models.ForeignKey(
        Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="previewed_leads"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("In preview, offered to this team's agents only (a callback assigned to a team)."),
    )
    callback = models.ForeignKey(
        "stats.Callback",
        verbose_name=_("callback"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The callback-list entry this lead calls back (callbacks campaigns)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "phone"], name="dialer_lead_unique_phone")]
        indexes = [models.Index(fields=["campaign", "state", "next_attempt_at"])]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")

    def __str__(self) -> str:
        return f"{self.phone} ({self.campaign_id})"


class DNCEntry(ValidatedModel):
    """A number that must never be dialled: for every campaign (global) or for one campaign."""

    phone = models.CharField(_("phone (E.164)"), max_length=21, validators=[validate_phone_number])
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="dnc_entries",
        help_text=_("Empty means every campaign."),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["phone"]
        indexes = [models.Index(fields=["phone"])]
        verbose_name = _("do-not-call entry")
        verbose_name_plural = _("do-not-call entries")

    def __str__(self) -> str:
        return self.phone


class DialerAgentState(models.Model):
    """Whether an agent works a campaign right now, and whether they are free for its next call."""

    class Status(models.TextChoices):
        LOGGED_OUT = "logged_out", _("Logged out")
        READY = "ready", _("Ready")
        ON_CALL = "on_call", _("On a call")
        WRAPUP = "wrapup", _("Wrap-up")

    agent = models.OneToOneField(Agent, related_name="dialer_state", on_delete=models.CASCADE)
    campaign = models.ForeignKey(
        Campaign, related_name="agent_states", null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.LOGGED_OUT)
    since = models.DateTimeField(_("since"))

    class Meta:
        verbose_name = _("dialer agent state")
        verbose_name_plural = _("dialer agent states")

    def __str__(self) -> str:
        return f"{self.agent_id}: {self.status}"


class Attempt(models.Model):
    """One dial: its id is the Originate ActionID ("dialer-<id>"), so every response maps back to it."""

    class State(models.TextChoices):
        ORIGINATING = "originating", _("Originate sent")
        RINGING = "ringing", _("Ringing")
        ANSWERED = "answered", _("Answered, waiting for an agent")
        BRIDGED = "bridged", _("Bridged to an agent")
        ENDED = "ended", _("Ended")
        UNKNOWN = "unknown", _("Unknown (link lost)")

    campaign = models.ForeignKey(Campaign, related_name="attempts", on_delete=models.CASCADE)
    lead = models.ForeignKey(Lead, related_name="dial_attempts", on_delete=models.CASCADE)
    agent = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.ORIGINATING)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    reason_code = models.IntegerField(_("OriginateResponse reason"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=21)
    worker = models.CharField(_("worker"), max_length=64, blank=True)
    channel = models.CharField(_("channel"), max_length=120, blank=True)
    uniqueid = models.CharField(_("unique ID"), max_length=64, blank=True, db_index=True)
    originated_at = models.DateTimeField(_("originated at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    bridged_at = models.DateTimeField(_("bridged at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    abandoned = models.BooleanField(_("abandoned"), default=False)
    disposition = models.CharField(_("disposition"), max_length=32, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["campaign", "originated_at"]), models.Index(fields=["state"])]
        verbose_name = _("dial attempt")
        verbose_name_plural = _("dial attempts")

    def __str__(self) -> str:
        return self.action_id

    @property
    def action_id(self) -> str:
        return f"dialer-{self.pk}"


class AgentDisposition(ValidatedModel):
    """What the agent concluded after a dialer call; a callback schedules the lead again."""

    class Code(models.TextChoices):
        SALE = "sale", _("Sale / success")
        NOT_INTERESTED = "not_interested", _("Not interested")
        CALLBACK = "callback", _("Call back")
        WRONG_NUMBER = "wrong_number", _("Wrong number")
        DO_NOT_CALL = "do_not_call", _("Do not call")
        MACHINE = "machine", _("Answering machine")
        RETRY = "retry", _("Try again later")

    attempt = models.OneToOneField(Attempt, related_name="agent_disposition", on_delete=models.CASCADE)
    agent = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    code = models.CharField(_("disposition"), max_length=32, choices=Code.choices)
    callback_at = models.DateTimeField(_("call back at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("agent disposition")
        verbose_name_plural = _("agent dispositions")

    def __str__(self) -> str:
        return f"{self.attempt_id}: {self.code}"

    def clean(self) -> None:
        if self.code == self.Code.CALLBACK and self.callback_at is None:
            raise ValidationError({"callback_at": _("A callback needs a time.")})
