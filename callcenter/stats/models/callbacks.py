"""The callback list: one entry per number to call back, and how far it is kept from the calls."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from callcenter.stats.querysets import CallbackQuerySet


class Callback(models.Model):
    """One number to call back: an entry of the callback list, with who handles it and how it ended.

    Entries are made from the assembled calls (``callcenter.stats.callbacks.sync``): a caller who asked to
    be called back (CALLBACKREQUEST, ``kind`` request) or whose call went unanswered (``kind`` missed).
    ``number`` is the number to call in E.164 (``callcenter.core.phones.phone_key``): one open entry per
    number, whatever form the calls wrote it in; later calls from it join the open entry. An entry is
    assigned to an agent or a team, or handed to the queue's callbacks campaign of the dialer, and closes
    with an outcome: by a person, by the dialer's result, by an agent answering the held turn (the queue
    called back), or by itself when the caller calls again and gets through.
    """

    class Kind(models.TextChoices):
        REQUEST = "request", _("asked to be called back")
        MISSED = "missed", _("missed call")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ASSIGNED = "assigned", _("assigned")
        DIALING = "dialing", _("with the dialer")
        CLOSED = "closed", _("closed")

    class Outcome(models.TextChoices):
        NONE = "", _("not yet")
        CALLED_BACK = "called_back", _("called back")
        NO_ANSWER = "no_answer", _("no answer")
        WRONG_NUMBER = "wrong_number", _("wrong number")
        DO_NOT_CALL = "do_not_call", _("does not want to be called")
        GOT_THROUGH = "got_through", _("called again and got through")
        CANCELLED = "cancelled", _("cancelled")

    number = models.CharField(_("number to call"), max_length=32)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    queue = models.CharField(_("queue"), max_length=128)
    queue_ref = models.ForeignKey(
        "pbx.Queue", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    caller = models.CharField(
        _("caller"), max_length=80, blank=True, help_text=_("The caller ID that called.")
    )
    server = models.CharField(max_length=64, blank=True)
    request_callid = models.CharField(
        max_length=64, blank=True, help_text=_("The call that asked (its held turn names it).")
    )
    last_callid = models.CharField(max_length=64, blank=True)
    requested_at = models.DateTimeField(_("first call or request"))
    last_call_at = models.DateTimeField(_("last call"))
    attempts = models.PositiveIntegerField(_("calls"), default=1)
    max_wait_s = models.PositiveIntegerField(_("longest wait (s)"), default=0)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    agent = models.ForeignKey(
        "agents.Agent",
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="callbacks",
    )
    team = models.ForeignKey(
        "agents.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="callbacks",
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    called_back_at = models.DateTimeField(_("called back at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_agent = models.CharField(_("called back by"), max_length=128, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CallbackQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(status="closed"), name="stats_callback_one_open_per_number"
            )
        ]
        indexes = [
            models.Index(fields=["status", "queue", "last_call_at"], name="stats_callback_open"),
            models.Index(fields=["number", "closed_at"], name="stats_callback_number"),
            models.Index(fields=["closed_at"], name="stats_callback_closed"),
        ]
        ordering = ["-last_call_at"]
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")

    def __str__(self) -> str:
        return f"{self.number} ({self.queue}, {self.status})"

    @property
    def time_to_callback_s(self) -> int | None:
        """From the first call (or the request) to the moment the customer was reached."""
        if self.called_back_at is None:
            return None
        return max(0, int((self.called_back_at - self.requested_at).total_seconds()))


class CallbackSyncMark(models.Model):
    """How far a server's assembled lines have been turned into callback entries (a line id)."""

    server = models.CharField(max_length=64, unique=True)
    line_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.server}: callbacks through line {self.line_id}"
