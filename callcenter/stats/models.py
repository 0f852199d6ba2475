"""Statistics tables: raw queue_log lines, the loader's positions, and the calls, sessions and pauses built from them.

Names are kept exactly as Asterisk wrote them (``queue``, ``agent``) next to optional links to the
configured Queue and Agent, so a name that is not (yet) configured is still counted and shown as written.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from callcenter.stats.querysets import CallbackQuerySet, CallQuerySet, ReportRunQuerySet


class QueueLogLine(models.Model):
    """One queue_log line as written, with the numbers the call assembly needs already parsed.

    The natural key is (server, file_offset, line_hash): the same line at the same place of the same
    file content is never stored twice, however many times the file is loaded or from which copy. The
    offset leads the key so that loading appends to the index instead of writing all over it.
    On PostgreSQL ``time`` has a BRIN index (migration 0002): tiny, and the lines arrive in time order.
    """

    server = models.CharField(max_length=64)
    line_hash = models.UUIDField(help_text="MD5 of the line text")
    file_offset = models.BigIntegerField()
    time = models.DateTimeField()
    callid = models.CharField(max_length=64)
    queue = models.CharField(max_length=128)
    agent = models.CharField(max_length=128)
    verb = models.CharField(max_length=32)
    data = models.TextField(blank=True)
    # Parsed per verb by callcenter.stats.parser (see docs/reports.md for the field meanings).
    wait_s = models.IntegerField(null=True)
    talk_s = models.IntegerField(null=True)
    value = models.IntegerField(null=True)
    info = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["server", "file_offset", "line_hash"], name="stats_line_natural_key"
            )
        ]
        indexes = [
            # With the id, "did this callid have lines before this batch" is answered in the index.
            models.Index(fields=["server", "callid", "id"], name="stats_line_callid"),
            # The member lines since a time, to rebuild the pauses and sessions a batch touches: by time,
            # so that a rebuild reads the lines since its horizon, not every member line of the server.
            models.Index(
                fields=["server", "time"],
                name="stats_line_member_time",
                condition=Q(verb__in=["PAUSE", "UNPAUSE", "ADDMEMBER", "REMOVEMEMBER"]),
            ),
            # The held turns of callbacks among a batch's lines: a few entries, read by id range.
            models.Index(
                fields=["server", "id"], name="stats_line_callback_hold", condition=Q(verb="CALLBACKHOLD")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.server} {self.time:%Y-%m-%d %H:%M:%S} {self.callid} {self.verb}"


class QuarantinedLine(models.Model):
    """A queue_log line the parser refused, with why and where, so nothing is silently lost."""

    server = models.CharField(max_length=64)
    path = models.CharField(max_length=500)
    line_number = models.PositiveIntegerField()
    line_hash = models.UUIDField()
    file_offset = models.BigIntegerField()
    reason = models.CharField(max_length=200)
    raw_text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["server", "line_hash", "file_offset"], name="stats_quarantine_natural_key"
            )
        ]
        ordering = ["server", "path", "line_number"]

    def __str__(self) -> str:
        return f"{self.path}:{self.line_number} {self.reason}"


class LoaderPosition(models.Model):
    """Where the loader stopped in a server's queue_log: committed in the same transaction as the rows."""

    server = models.CharField(max_length=64)
    path = models.CharField(max_length=500)
    inode = models.BigIntegerField(default=0)
    offset = models.BigIntegerField(default=0)
    line_number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["server", "path"], name="stats_position_unique")]

    def __str__(self) -> str:
        return f"{self.server}:{self.path}@{self.inode}/{self.offset}"


class AssemblyMark(models.Model):
    """How far a server's stored lines are assembled into calls, missed rings, sessions and pauses.

    Every line of the server with ``id <= line_id`` is assembled. A bulk load commits the lines of a
    batch first and assembles them on a second connection while the next batch is stored; a run that
    stops in between leaves the mark behind, and the next run assembles from it before loading more.
    """

    server = models.CharField(max_length=64, unique=True)
    line_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.server}: assembled through line {self.line_id}"


class Call(models.Model):
    """One queued call (one ENTERQUEUE of a callid into a queue) with its outcome."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("answered")
        TRANSFERRED = "transferred", _("answered, transferred")
        ABANDONED = "abandoned", _("abandoned")
        TIMEOUT = "timeout", _("timeout")
        EXITEMPTY = "exitempty", _("left: queue empty")
        EXITKEY = "exitkey", _("left with a key")
        CALLBACK = "callback", _("callback requested")
        WAITING = "", _("in progress")

    server = models.CharField(max_length=64)
    callid = models.CharField(max_length=64)
    queue = models.CharField(max_length=128)
    # No index on the links: nothing looks calls up by them, and every index costs each loaded call.
    queue_ref = models.ForeignKey(
        "pbx.Queue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    caller = models.CharField(max_length=80, blank=True)
    entered_at = models.DateTimeField()
    connected_at = models.DateTimeField(null=True)
    ended_at = models.DateTimeField(null=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    wait_s = models.IntegerField(null=True)
    talk_s = models.IntegerField(null=True)
    agent = models.CharField(max_length=128, blank=True)
    agent_ref = models.ForeignKey(
        "agents.Agent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    transfer_target = models.CharField(max_length=255, blank=True)
    ended_by = models.CharField(max_length=12, blank=True)
    exit_key = models.CharField(max_length=8, blank=True)
    survey_score = models.SmallIntegerField(null=True)
    recording = models.CharField(max_length=255, blank=True)
    # CALLBACKREQUEST: the number the caller asked to be called back on, and when (outcome "callback").
    callback_number = models.CharField(max_length=80, blank=True)
    callback_requested_at = models.DateTimeField(null=True, blank=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["server", "callid", "queue"], name="stats_call_unique")
        ]
        indexes = [
            # No index on caller: caller numbers arrive in random order, so its upkeep was a fifth of
            # the call assembly; the callback list reads answered calls by time instead.
            models.Index(fields=["entered_at", "queue"], name="stats_call_entered"),
        ]
        ordering = ["-entered_at"]

    def __str__(self) -> str:
        return f"{self.queue} {self.callid} {self.outcome or 'waiting'}"

    @property
    def answered(self) -> bool:
        return self.outcome in (self.Outcome.ANSWERED, self.Outcome.TRANSFERRED)


class CallbackTurn(models.Model):
    """The held turn of a callback request: a Local channel that re-entered the queue in the caller's place.

    It is not a call from a customer, so it is kept apart from Call: it would otherwise be an answered
    call from an unknown number whose talk time includes dialling the customer. Its first line,
    CALLBACKHOLD, names the callid of the request (``request_callid``, the Call with outcome
    "callback" in the same queue). Connected to an agent, the callback was made by that agent.
    """

    server = models.CharField(max_length=64)
    callid = models.CharField(max_length=64)
    queue = models.CharField(max_length=128)
    request_callid = models.CharField(max_length=64)
    entered_at = models.DateTimeField()
    connected_at = models.DateTimeField(null=True)
    ended_at = models.DateTimeField(null=True)
    outcome = models.CharField(max_length=12, choices=Call.Outcome.choices, blank=True)
    wait_s = models.IntegerField(null=True)
    talk_s = models.IntegerField(null=True)
    agent = models.CharField(max_length=128, blank=True)
    agent_ref = models.ForeignKey(
        "agents.Agent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["server", "callid", "queue"], name="stats_callbackturn_unique")
        ]
        indexes = [
            models.Index(fields=["server", "request_callid"], name="stats_callbackturn_request"),
            models.Index(fields=["entered_at", "queue"], name="stats_callbackturn_entered"),
        ]
        ordering = ["-entered_at"]

    def __str__(self) -> str:
        return f"{self.queue} {self.callid} holds {self.request_callid} ({self.outcome or 'waiting'})"

    @property
    def answered(self) -> bool:
        return self.connected_at is not None


class RingNoAnswer(models.Model):
    """An agent rang for a call and did not pick up (RINGNOANSWER): the agent's "missed" calls."""

    line = models.OneToOneField(QueueLogLine, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    server = models.CharField(max_length=64)
    callid = models.CharField(max_length=64)
    queue = models.CharField(max_length=128)
    agent = models.CharField(max_length=128)
    agent_ref = models.ForeignKey(
        "agents.Agent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    time = models.DateTimeField()
    ring_ms = models.IntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["time", "agent"], name="stats_rna_time")]

    def __str__(self) -> str:
        return f"{self.agent} missed {self.callid}"


class AgentSession(models.Model):
    """A dynamic member's login to a queue: ADDMEMBER until REMOVEMEMBER (ended_at null while logged in).

    ADDMEMBER/REMOVEMEMBER name the member by interface; ``agent`` holds the configured member name when
    the interface belongs to a known agent, else the interface as written.
    """

    server = models.CharField(max_length=64)
    queue = models.CharField(max_length=128)
    interface = models.CharField(max_length=128)
    agent = models.CharField(max_length=128)
    agent_ref = models.ForeignKey(
        "agents.Agent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["agent", "started_at"], name="stats_session_agent"),
            # The loader deletes and rebuilds a server's sessions from a time on, every batch.
            models.Index(fields=["server", "started_at"], name="stats_session_server"),
        ]
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.agent} in {self.queue} from {self.started_at}"


class Pause(models.Model):
    """A pause of a member in a queue, from PAUSE to the next UNPAUSE (or the next PAUSE with another reason)."""

    server = models.CharField(max_length=64)
    queue = models.CharField(max_length=128)
    agent = models.CharField(max_length=128)
    agent_ref = models.ForeignKey(
        "agents.Agent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    reason = models.CharField(max_length=128, blank=True)
    paid = models.BooleanField(default=False)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["agent", "started_at"], name="stats_pause_agent"),
            # The loader deletes and rebuilds a server's pauses from a time on, every batch.
            models.Index(fields=["server", "started_at"], name="stats_pause_server"),
        ]
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.agent} paused ({self.reason}) from {self.started_at}"


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


class ReportRun(models.Model):
    """A report built in the background (on request or nightly): its progress and the stored file."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(max_length=32)
    fmt = models.CharField(max_length=8)
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    nightly = models.BooleanField(default=False)
    report_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report_date", "fmt"], condition=Q(nightly=True), name="stats_one_nightly_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.fmt} {self.status}"


# The report schedules' tables live in their own package and belong to this app.
from callcenter.stats.schedules.models import Delivery, ReportSchedule, ScheduleRun  # noqa: E402, F401
