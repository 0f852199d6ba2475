"""Agents (queue members), teams, memberships and pause reasons."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.agents.querysets import AgentQuerySet, TeamQuerySet
from callcenter.core.models import ValidatedModel
from callcenter.core.validators import (
    validate_display_name,
    validate_extension,
    validate_identifier,
    validate_interface,
)
from callcenter.pbx.models import Queue


class Team(ValidatedModel):
    """A group of agents with its supervisors and the queues it works."""

    objects = TeamQuerySet.as_manager()

    name = models.CharField(_("name"), max_length=80, unique=True, validators=[validate_display_name])
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("supervisors"), related_name="supervised_teams", blank=True
    )
    queues = models.ManyToManyField(Queue, verbose_name=_("queues"), related_name="teams", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Agent(ValidatedModel):
    """A person who takes calls: their phone, the name Asterisk logs them by, and their payroll number."""

    objects = AgentQuerySet.as_manager()

    display_name = models.CharField(_("name"), max_length=80, validators=[validate_display_name])
    payroll_number = models.CharField(
        _("payroll number"),
        max_length=20,
        unique=True,
        validators=[validate_identifier],
        help_text=_("The employee's personnel number (табельный номер) in 1C."),
    )
    extension = models.CharField(_("extension"), max_length=20, unique=True, validators=[validate_extension])
    member_name = models.CharField(
        _("member name"),
        max_length=80,
        unique=True,
        validators=[validate_display_name],
        help_text=_("The name Asterisk writes in queue_log and AMI for this agent."),
    )
    interface = models.CharField(
        _("interface"),
        max_length=80,
        blank=True,
        validators=[validate_interface],
        help_text=_("The channel that rings this agent; empty means PJSIP/<extension>."),
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), related_name="agents", null=True, blank=True, on_delete=models.SET_NULL
    )
    language = models.CharField(
        _("language"), max_length=8, choices=[("ru", "Русский"), ("en", "English")], default="ru"
    )
    active = models.BooleanField(_("active"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        related_name="agent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    queues = models.ManyToManyField(Queue, through="QueueMembership", related_name="agents", blank=True)

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("agent")
        verbose_name_plural = _("agents")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.extension})"

    @property
    def effective_interface(self) -> str:
        return self.interface or f"PJSIP/{self.extension}"


class QueueMembership(ValidatedModel):
    """An agent's place in a queue: dynamic (the agent logs in and out) or static (always in the queue).

    Dynamic, the default, is what a center runs on: the agent logs in at the start of the shift (from the
    agent page, or ``*70`` on the desk phone) and out at the end; Asterisk writes ADDMEMBER and REMOVEMEMBER
    into queue_log, which become the log-in sessions that payroll hours and occupancy are counted from.
    A static member is written into queues.conf and is in the queue whenever Asterisk runs: nobody can log
    it out (Asterisk refuses: "Not dynamic"), and it has no sessions, so its hours are estimated from its
    call activity and it has no occupancy.
    """

    agent = models.ForeignKey(Agent, related_name="memberships", on_delete=models.CASCADE)
    queue = models.ForeignKey(Queue, related_name="memberships", on_delete=models.CASCADE)
    penalty = models.PositiveIntegerField(_("penalty"), default=0, validators=[MaxValueValidator(100)])
    static = models.BooleanField(
        _("static"),
        default=False,
        help_text=_(
            "Static members are written into queues.conf and are always in the queue: they cannot log out, "
            "and having no log-in sessions, their payroll hours are estimated from their calls. Leave "
            "unticked (dynamic) for agents who log in and out."
        ),
    )

    class Meta:
        ordering = ["queue", "penalty", "agent"]
        unique_together = [("agent", "queue")]
        verbose_name = _("queue membership")
        verbose_name_plural = _("queue memberships")

    def __str__(self) -> str:
        return f"{self.agent_id} in {self.queue_id} (penalty {self.penalty})"


class PauseReason(ValidatedModel):
    """Why an agent pauses; paid pauses count as working time for payroll."""

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[validate_identifier],
        help_text=_("Written into queue_log as the pause reason."),
    )
    label = models.CharField(_("label"), max_length=80, validators=[validate_display_name])
    paid = models.BooleanField(_("paid"), default=False)
    max_minutes = models.DecimalField(
        _("maximum minutes"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("1440"))],
        help_text=_(
            "A pause with this reason that lasts longer raises an alarm on the wallboard (and, when the "
            "e-mail alert is on, tells the team's supervisors); fractions are allowed (0.5 = 30 seconds). "
            "Empty: no limit."
        ),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("pause reason")
        verbose_name_plural = _("pause reasons")

    def __str__(self) -> str:
        return self.code

    @property
    def limit_s(self) -> float | None:
        """The longest this pause may last, in seconds (None: no limit)."""
        return float(self.max_minutes) * 60 if self.max_minutes is not None else None


class SessionMove(models.Model):
    """An agent's queue session carried from a lost node to the node their phone registered with.

    Written when the control plane logs a dynamic member in on a surviving node of a group because the
    node they were logged in on was lost (``callcenter.wallboard.follow``). The lost node's queue_log has
    no REMOVEMEMBER for the session (the node died), so payroll ends that session at ``moved_at`` and
    counts it and the new node's session, which starts then, as one continuous session.
    """

    agent = models.ForeignKey(Agent, related_name="session_moves", on_delete=models.CASCADE)
    queue = models.CharField(_("queue"), max_length=128)
    interface = models.CharField(_("interface"), max_length=128)
    from_server = models.CharField(_("from node"), max_length=64)
    to_server = models.CharField(_("to node"), max_length=64)
    moved_at = models.DateTimeField(_("moved at"))

    class Meta:
        ordering = ["moved_at"]
        indexes = [models.Index(fields=["interface", "moved_at"], name="agents_move_iface_time")]
        verbose_name = _("session move")
        verbose_name_plural = _("session moves")

    def __str__(self) -> str:
        return f"{self.interface} in {self.queue}: {self.from_server} -> {self.to_server} at {self.moved_at}"
