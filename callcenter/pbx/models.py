"""PBX configuration models. Every value that reaches an Asterisk file is validated on save."""

from __future__ import annotations

import os
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from callcenter.core.fields import EncryptedTextField
from callcenter.core.models import ValidatedModel
from callcenter.core.validators import (
    validate_abs_path,
    validate_config_token,
    validate_date_in_range,
    validate_did,
    validate_display_name,
    validate_extension,
    validate_host,
    validate_identifier,
    validate_prompt,
    validate_secret,
    validate_time_zone,
)
from callcenter.pbx.querysets import QueueQuerySet
from callcenter.pbx.snapshot import DEFAULT_RECORDINGS_DIR

# queues.conf: app_queue reads [general] as its own settings, whatever its letter case.
RESERVED_QUEUE_NAMES = frozenset({"general"})
# The dialer's answered calls reach cc-dialer-connected with the campaign's queue as the extension, beside
# the extensions "agent" (preview) and "failed" (a call Asterisk could not place).
DIALER_EXTENSIONS = frozenset({"agent", "failed"})
# A queue's exit-with-key context is cc-queue-exit-<queue>: a queue named exit-<x> would render a
# context cc-queue-exit-<x> that clashes with the exit context of the queue <x>.
RESERVED_QUEUE_PREFIX = "exit-"
# pjsip.conf: the rendered transports are cc-transport-udp/-tcp/-tls.
RESERVED_TRUNK_PREFIX = "cc-transport-"
# extensions.conf: pbx_config reads [general] and [globals] as settings, never as contexts.
RESERVED_CONTEXT_NAMES = frozenset({"general", "globals"})
# musiconhold.conf: [general] holds the module's settings, and [default] is the node's own class (the
# Asterisk image ships it with the opsound music); a rendered [default] would clash with it.
DEFAULT_MOH_CLASS = "default"
RESERVED_MOH_CLASS_NAMES = frozenset({"general", DEFAULT_MOH_CLASS})
validate_sha256 = RegexValidator(r"^[0-9a-f]{64}\Z", _("Not a SHA-256 digest."), code="bad_sha256")


def validate_queue_name(value: str) -> None:
    """Refuse the names a queue cannot take in the rendered files (see RESERVED_QUEUE_NAMES)."""
    folded = str(value).lower()
    if folded in RESERVED_QUEUE_NAMES:
        raise ValidationError(
            _("“%(value)s” is reserved: queues.conf uses [%(value)s] for its own settings."),
            code="reserved_name",
            params={"value": value},
        )
    if folded in DIALER_EXTENSIONS:
        raise ValidationError(
            _("“%(value)s” is reserved: the dialer's dialplan uses it for calls that are no queue's."),
            code="reserved_name",
            params={"value": value},
        )
    if folded.startswith(RESERVED_QUEUE_PREFIX):
        raise ValidationError(
            _("Queue names may not start with “%(prefix)s”: that prefix is reserved for exit contexts."),
            code="reserved_name",
            params={"prefix": RESERVED_QUEUE_PREFIX},
        )


def validate_trunk_name(value: str) -> None:
    """Refuse trunk names that would collide with the phones or transports of pjsip.conf."""
    text = str(value)
    if text.lower().startswith(RESERVED_TRUNK_PREFIX):
        raise ValidationError(
            _("Trunk names may not start with “%(prefix)s”: pjsip.conf uses it for its transports."),
            code="reserved_name",
            params={"prefix": RESERVED_TRUNK_PREFIX},
        )
    if text.isdigit():
        raise ValidationError(
            _(
                "A trunk name may not be only digits: phones are PJSIP endpoints named by their "
                "extension, and the trunk would take the same name."
            ),
            code="reserved_name",
        )


def validate_context_reference(value: str) -> None:
    """Refuse a dialplan context name that extensions.conf reserves for its settings."""
    if str(value).lower() in RESERVED_CONTEXT_NAMES:
        raise ValidationError(
            _("“%(value)s” is not a dialplan context: extensions.conf uses [%(value)s] for its settings."),
            code="reserved_name",
            params={"value": value},
        )


def validate_moh_class_name(value: str) -> None:
    """Refuse the names a music-on-hold class cannot take in musiconhold.conf (RESERVED_MOH_CLASS_NAMES)."""
    if str(value).lower() in RESERVED_MOH_CLASS_NAMES:
        raise ValidationError(
            _(
                "“%(value)s” is reserved: musiconhold.conf uses [%(value)s] for the node's own settings or music."
            ),
            code="reserved_name",
            params={"value": value},
        )


def validate_recordings_dir(value: str) -> None:
    """An absolute directory for the recordings: a safe path, without ``..`` and not the root itself."""
    validate_abs_path(value)
    text = str(value)
    if ".." in text.split("/") or text.rstrip("/") == "":
        raise ValidationError(
            _("“%(value)s” is not allowed: give an absolute directory without “..”, other than /."),
            code="bad_recordings_dir",
            params={"value": text[:40]},
        )


def case_variant_error(instance: Any, message: Any) -> ValidationError | None:
    """The error for a name that another row of the same model already has in another letter case.

    Asterisk compares some names without regard to case (app_queue's queues, GROUP() channel counters),
    so two rows whose names differ only in case would silently become one object there. An exact
    duplicate is left to the unique check of the field, which reports it in its own words.
    """
    name = getattr(instance, "name", "") or ""
    if not name:
        return None
    others = type(instance)._default_manager.filter(name__iexact=name).exclude(name=name)
    if instance.pk is not None:
        others = others.exclude(pk=instance.pk)
    other = others.values_list("name", flat=True).first()
    if other is None:
        return None
    return ValidationError(message, code="unique_case_insensitive", params={"other": other})


class NodeGroup(ValidatedModel):
    """Asterisk nodes that serve the same queues: one configuration, applied to all of them or to none."""

    name = models.CharField(_("name"), max_length=64, unique=True, validators=[validate_identifier])
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("node group")
        verbose_name_plural = _("node groups")

    def __str__(self) -> str:
        return self.name


class AsteriskServer(ValidatedModel):
    """An Asterisk node: where its AMI listens, how to log in, and where it writes queue_log."""

    name = models.CharField(_("name"), max_length=64, unique=True, validators=[validate_identifier])
    ami_host = models.CharField(
        _("AMI host"), max_length=253, default="127.0.0.1", validators=[validate_host]
    )
    ami_port = models.PositiveIntegerField(
        _("AMI port"), default=5038, validators=[MinValueValidator(1), MaxValueValidator(65535)]
    )
    ami_username = models.CharField(_("AMI user"), max_length=80, validators=[validate_config_token])
    ami_secret = EncryptedTextField(
        _("AMI secret"), blank=True, validators=[validate_secret], help_text=_("Stored encrypted.")
    )
    ami_secret_env = models.CharField(
        _("AMI secret environment variable"),
        max_length=80,
        blank=True,
        validators=[validate_identifier],
        help_text=_("When set, the secret is read from this environment variable instead."),
    )
    queue_log_path = models.CharField(
        _("queue_log path"),
        max_length=255,
        default="/var/log/asterisk/queue_log",
        validators=[validate_abs_path],
    )
    config_dir = models.CharField(
        _("configuration directory"),
        max_length=255,
        default="/etc/asterisk/callcenter",
        validators=[validate_abs_path],
        help_text=_("Where the rendered configuration is applied for this node."),
    )
    recordings_dir = models.CharField(
        _("recordings directory"),
        max_length=255,
        default=DEFAULT_RECORDINGS_DIR,
        validators=[validate_recordings_dir],
        help_text=_(
            "Where this node's Asterisk writes call recordings (CC_RECORDINGS in extensions.conf), "
            "as Asterisk sees the path."
        ),
    )
    sip_port = models.PositiveIntegerField(
        _("SIP port"),
        default=5060,
        validators=[MinValueValidator(1024), MaxValueValidator(65534)],
        help_text=_("The UDP and TCP port of the node's SIP transports; TLS listens on the next port."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    group = models.ForeignKey(
        NodeGroup,
        verbose_name=_("node group"),
        related_name="nodes",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_(
            "Nodes of one group render the same queues, routes and trunks and are applied together; "
            "empty for a node of its own."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Asterisk server")
        verbose_name_plural = _("Asterisk servers")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.ami_secret and not self.ami_secret_env:
            raise ValidationError(_("Give either the AMI secret or the environment variable that holds it."))

    def get_ami_secret(self) -> str:
        """The AMI secret: from the named environment variable if set, else the stored one."""
        if self.ami_secret_env:
            value = os.environ.get(self.ami_secret_env)
            if not value:
                raise ValueError(
                    f"environment variable {self.ami_secret_env} for server {self.name} is not set"
                )
            return value
        return self.ami_secret


class Trunk(ValidatedModel):
    """A SIP trunk toward a carrier, rendered as a PJSIP endpoint with registration and auth."""

    class Transport(models.TextChoices):
        UDP = "udp", "UDP"
        TCP = "tcp", "TCP"
        TLS = "tls", "TLS"

    name = models.CharField(
        _("name"), max_length=64, unique=True, validators=[validate_identifier, validate_trunk_name]
    )
    server = models.ForeignKey(
        AsteriskServer, verbose_name=_("Asterisk server"), null=True, blank=True, on_delete=models.SET_NULL
    )
    host = models.CharField(_("host"), max_length=253, validators=[validate_host])
    port = models.PositiveIntegerField(
        _("port"), default=5060, validators=[MinValueValidator(1), MaxValueValidator(65535)]
    )
    transport = models.CharField(
        _("transport"), max_length=8, choices=Transport.choices, default=Transport.UDP
    )
    username = models.CharField(_("user name"), max_length=80, blank=True, validators=[validate_config_token])
    secret = EncryptedTextField(_("secret"), blank=True, validators=[validate_secret])
    from_user = models.CharField(
        _("from user"), max_length=80, blank=True, validators=[validate_config_token]
    )
    codecs = models.CharField(
        _("codecs"), max_length=80, default="alaw,ulaw", help_text=_("Comma-separated list.")
    )
    max_channels = models.PositiveIntegerField(_("maximum channels"), default=30)
    outbound_prefix = models.CharField(
        _("outbound prefix"), max_length=20, blank=True, validators=[validate_extension]
    )
    caller_id = models.CharField(_("caller ID number"), max_length=21, blank=True, validators=[validate_did])
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("trunk")
        verbose_name_plural = _("trunks")
        constraints = [
            # The trunk's channel limit is a GROUP() counter, which Asterisk matches without regard to case.
            models.UniqueConstraint(
                Lower("name"),
                name="pbx_trunk_name_ci_unique",
                violation_error_message=_("A trunk with this name in another letter case already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if not all(re.fullmatch(r"[a-z0-9_]{2,16}", codec) for codec in self.codecs.split(",")):
            errors["codecs"] = ValidationError(
                _("Codecs are a comma-separated list of codec names such as alaw,ulaw.")
            )
        clash = case_variant_error(
            self,
            _(
                "The trunk “%(other)s” already exists: trunk names must differ in more than letter case, "
                "because Asterisk counts a trunk's channels by name without regard to case."
            ),
        )
        if clash is not None:
            errors["name"] = clash
        if errors:
            raise ValidationError(errors)


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


class Queue(ValidatedModel):
    """An app_queue queue with every option queues.conf takes from us."""

    class Strategy(models.TextChoices):
        RINGALL = "ringall", _("Ring all")
        LEASTRECENT = "leastrecent", _("Least recent")
        FEWESTCALLS = "fewestcalls", _("Fewest calls")
        RANDOM = "random", _("Random")
        RRMEMORY = "rrmemory", _("Round robin with memory")
        RRORDERED = "rrordered", _("Round robin ordered")
        LINEAR = "linear", _("Linear")
        WRANDOM = "wrandom", _("Weighted random")

    class EmptyRule(models.TextChoices):
        YES = "yes", _("yes (ignore member state)")
        NO = "no", _("no")
        STRICT = "strict", _("strict")
        LOOSE = "loose", _("loose")
        PAUSED_UNAVAILABLE = "paused,unavailable,invalid", _("paused, unavailable or invalid members")

    class AnnouncePosition(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        LIMIT = "limit", _("only up to the limit")
        MORE = "more", _("“more than” past the limit")

    class AnnounceHoldtime(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        ONCE = "once", _("once")

    class Recording(models.TextChoices):
        NONE = "none", _("do not record")
        ALL = "all", _("record every call")

    objects = QueueQuerySet.as_manager()

    name = models.CharField(
        _("name"), max_length=64, unique=True, validators=[validate_identifier, validate_queue_name]
    )
    display_name = models.CharField(
        _("display name"), max_length=80, blank=True, validators=[validate_display_name]
    )
    server = models.ForeignKey(
        AsteriskServer, verbose_name=_("Asterisk server"), null=True, blank=True, on_delete=models.SET_NULL
    )
    strategy = models.CharField(
        _("strategy"), max_length=16, choices=Strategy.choices, default=Strategy.RRMEMORY
    )
    timeout = models.PositiveIntegerField(
        _("ring timeout (s)"), default=15, validators=[MaxValueValidator(600)]
    )
    retry = models.PositiveIntegerField(_("retry (s)"), default=5, validators=[MaxValueValidator(600)])
    wrapuptime = models.PositiveIntegerField(
        _("wrap-up time (s)"), default=0, validators=[MaxValueValidator(3600)]
    )
    maxlen = models.PositiveIntegerField(_("maximum callers (0 = no limit)"), default=0)
    max_wait = models.PositiveIntegerField(
        _("maximum wait (s, 0 = no limit)"),
        default=0,
        help_text=_("The Queue() timeout: after it the caller leaves with EXITWITHTIMEOUT."),
    )
    service_level = models.PositiveIntegerField(
        _("service level (s)"), default=20, validators=[MaxValueValidator(3600)]
    )
    weight = models.PositiveIntegerField(_("weight"), default=0)
    joinempty = models.CharField(
        _("join when empty"), max_length=32, choices=EmptyRule.choices, default=EmptyRule.YES
    )
    leavewhenempty = models.CharField(
        _("leave when empty"), max_length=32, choices=EmptyRule.choices, default=EmptyRule.NO
    )
    ringinuse = models.BooleanField(_("ring members in use"), default=False)
    announce_position = models.CharField(
        _("announce position"), max_length=8, choices=AnnouncePosition.choices, default=AnnouncePosition.NO
    )
    announce_holdtime = models.CharField(
        _("announce hold time"), max_length=8, choices=AnnounceHoldtime.choices, default=AnnounceHoldtime.NO
    )
    announce_frequency = models.PositiveIntegerField(
        _("announce frequency (s)"),
        default=0,
        help_text=_("How often a waiting caller hears the position and hold time; 0 = never."),
    )
    announce_round_seconds = models.PositiveSmallIntegerField(
        _("round the announced hold time to (s)"),
        default=0,
        choices=[(0, _("whole minutes")), *[(n, str(n)) for n in (1, 5, 10, 15, 20, 30)]],
        help_text=_(
            "Asterisk says the expected hold time in whole minutes unless it rounds to seconds: with whole "
            "minutes, a hold time under half a minute is never announced."
        ),
    )
    periodic_announce = models.CharField(
        _("periodic announcement"), max_length=120, blank=True, validators=[validate_prompt]
    )
    periodic_announce_frequency = models.PositiveIntegerField(
        _("periodic announcement frequency (s)"), default=0
    )
    music_class = models.CharField(
        _("music on hold class"),
        max_length=64,
        default=DEFAULT_MOH_CLASS,
        validators=[validate_identifier],
        help_text=_("“default” (the node's own music) or one of the uploaded music on hold classes."),
    )
    exit_context = models.CharField(
        _("exit-with-key context"),
        max_length=64,
        blank=True,
        validators=[validate_identifier, validate_context_reference],
        help_text=_(
            "A caller who presses a key with a matching extension here leaves the queue (EXITWITHKEY)."
        ),
    )
    recording = models.CharField(
        _("recording"), max_length=8, choices=Recording.choices, default=Recording.NONE
    )
    survey_enabled = models.BooleanField(_("post-call survey"), default=False)
    callback_enabled = models.BooleanField(_("callback"), default=False)
    wait_amber_s = models.PositiveIntegerField(_("wallboard amber at wait (s)"), default=30)
    wait_red_s = models.PositiveIntegerField(_("wallboard red at wait (s)"), default=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        constraints = [
            # app_queue looks queues up by name without regard to case: SUPPORT and support are one queue.
            models.UniqueConstraint(
                Lower("name"),
                name="pbx_queue_name_ci_unique",
                violation_error_message=_("A queue with this name in another letter case already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if (
            self.wait_amber_s is not None
            and self.wait_red_s is not None
            and self.wait_amber_s > self.wait_red_s
        ):
            errors[NON_FIELD_ERRORS] = ValidationError(
                _("The amber wait threshold must not exceed the red one.")
            )
        announces = self.announce_position != self.AnnouncePosition.NO or self.announce_holdtime != "no"
        if announces and not self.announce_frequency:
            errors["announce_frequency"] = ValidationError(
                _(
                    "Asterisk announces the position and hold time only every so many seconds: set a frequency."
                ),
                code="announce_without_frequency",
            )
        clash = case_variant_error(
            self,
            _(
                "The queue “%(other)s” already exists: queue names must differ in more than letter case, "
                "because Asterisk treats SUPPORT and support as the same queue."
            ),
        )
        if clash is not None:
            errors["name"] = clash
        missing_class = unknown_moh_class_error(self.music_class)
        if missing_class is not None:
            errors["music_class"] = missing_class
        if errors:
            raise ValidationError(errors)


class IVRMenu(ValidatedModel):
    """A voice menu: a greeting, then a digit chooses a destination."""

    name = models.CharField(_("name"), max_length=64, unique=True, validators=[validate_identifier])
    greeting = models.CharField(_("greeting prompt"), max_length=120, validators=[validate_prompt])
    invalid_prompt = models.CharField(
        _("invalid-choice prompt"), max_length=120, default="option-is-invalid", validators=[validate_prompt]
    )
    timeout_s = models.PositiveIntegerField(
        _("digit timeout (s)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    max_retries = models.PositiveIntegerField(_("retries"), default=3, validators=[MaxValueValidator(10)])
    timeout_queue = models.ForeignKey(
        Queue,
        verbose_name=_("queue after the last retry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Where a caller who never chooses goes; empty hangs up."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("IVR menu")
        verbose_name_plural = _("IVR menus")

    def __str__(self) -> str:
        return self.name


class Destination(models.TextChoices):
    """Where an inbound route or an IVR option sends the caller."""

    QUEUE = "queue", _("queue")
    IVR = "ivr", _("IVR menu")
    EXTENSION = "extension", _("extension")
    HANGUP = "hangup", _("hang up")


def _check_destination(instance: Any, kind: str) -> None:
    """A destination names exactly the target its kind needs."""
    targets: dict[str, str] = {
        Destination.QUEUE: "queue",
        Destination.IVR: "ivr",
        Destination.EXTENSION: "extension",
    }
    needed = targets.get(kind)
    if needed is None:
        return
    if not getattr(instance, f"{needed}_id" if needed != "extension" else needed, None):
        raise ValidationError({needed: _("This destination needs a %(target)s.") % {"target": needed}})


class IVROption(ValidatedModel):
    """One key of an IVR menu and where it leads."""

    menu = models.ForeignKey(IVRMenu, related_name="options", on_delete=models.CASCADE)
    digit = models.CharField(
        _("key"), max_length=1, choices=[(d, d) for d in "0123456789*#"], validators=[validate_extension]
    )
    destination = models.CharField(_("destination"), max_length=16, choices=Destination.choices)
    queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ivr = models.ForeignKey(IVRMenu, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    extension = models.CharField(_("extension"), max_length=20, blank=True, validators=[validate_extension])

    class Meta:
        ordering = ["menu", "digit"]
        unique_together = [("menu", "digit")]
        verbose_name = _("IVR option")
        verbose_name_plural = _("IVR options")

    def __str__(self) -> str:
        return f"{self.menu_id}:{self.digit}"

    def clean(self) -> None:
        _check_destination(self, self.destination)


class InboundRoute(ValidatedModel):
    """A DID and where its calls go, in and out of business hours."""

    did = models.CharField(_("inbound number (DID)"), max_length=21, unique=True, validators=[validate_did])
    name = models.CharField(_("name"), max_length=80, validators=[validate_display_name])
    server = models.ForeignKey(AsteriskServer, null=True, blank=True, on_delete=models.SET_NULL)
    destination = models.CharField(_("destination"), max_length=16, choices=Destination.choices)
    queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ivr = models.ForeignKey(IVRMenu, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    extension = models.CharField(_("extension"), max_length=20, blank=True, validators=[validate_extension])
    schedule = models.ForeignKey(
        Schedule, verbose_name=_("business hours"), null=True, blank=True, on_delete=models.PROTECT
    )
    closed_prompt = models.CharField(
        _("prompt when closed"), max_length=120, default="custom/closed", validators=[validate_prompt]
    )

    class Meta:
        ordering = ["did"]
        verbose_name = _("inbound route")
        verbose_name_plural = _("inbound routes")

    def __str__(self) -> str:
        return f"{self.did} ({self.name})"

    def clean(self) -> None:
        _check_destination(self, self.destination)


class PhoneAccount(ValidatedModel):
    """The SIP password of a desk phone (an agent's or a supervisor's extension), rendered into pjsip.conf.

    Kept apart from the agent and user rows so that the secret lives in one encrypted column and is only
    ever read by the renderer; the render creates a random one for any extension that has none yet.
    """

    extension = models.CharField(_("extension"), max_length=20, unique=True, validators=[validate_extension])
    secret = EncryptedTextField(_("SIP password"), validators=[validate_secret])

    class Meta:
        ordering = ["extension"]
        verbose_name = _("phone account")
        verbose_name_plural = _("phone accounts")

    def __str__(self) -> str:
        return self.extension


class AudioModel(ValidatedModel):
    """Audio converted for Asterisk (callcenter/pbx/audio.py): 8 kHz mono 16-bit WAV, stored in the database.

    The bytes live in the database, not on a shared disk, so whichever process applies the configuration
    (web, a worker, a command on another host) reads the same files the admin uploaded, and a database
    backup holds them. ``sha256`` identifies the content in diffs, audit entries and on the node.
    """

    audio = models.BinaryField(_("audio"), blank=True, default=b"")
    sha256 = models.CharField(
        _("SHA-256"),
        max_length=64,
        blank=True,
        validators=[validate_sha256],
        help_text=_("Of the converted audio."),
    )
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    original_name = models.CharField(_("uploaded file"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def audio_bytes(self) -> bytes:
        """The audio as bytes (PostgreSQL hands a BinaryField back as a memoryview)."""
        return bytes(self.audio or b"")

    @property
    def duration_s(self) -> float:
        return round(self.duration_ms / 1000, 1)

    def clean(self) -> None:
        from callcenter.pbx.audio import check_stored

        data = self.audio_bytes
        if not data:
            raise ValidationError({"audio": _("Upload a WAV or MP3 file.")}, code="audio_missing")
        try:
            duration_ms = check_stored(data, self.sha256)
        except ValueError as exc:
            raise ValidationError(
                {"audio": _("The stored audio is not usable: %(problem)s.") % {"problem": exc}},
                code="audio_invalid",
            ) from None
        self.duration_ms = duration_ms


class Prompt(AudioModel):
    """A recorded prompt, played by name wherever a prompt is named (IVR greetings, closed prompts...)."""

    name = models.CharField(
        _("name"),
        max_length=120,
        unique=True,
        validators=[validate_prompt],
        help_text=_(
            "The name menus, routes and queues use, such as custom/welcome. An uploaded prompt is played "
            "instead of a sound of the same name on the node."
        ),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("prompt")
        verbose_name_plural = _("prompts")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        renamed = renamed_while_used_error(self)
        if renamed is not None:
            raise ValidationError({"name": renamed})
        super().clean()


class MusicOnHoldClass(ValidatedModel):
    """A music on hold class: a directory of files on each node, named by queues' music_class."""

    class Sort(models.TextChoices):
        ALPHA = "alpha", _("in name order")
        RANDOM = "random", _("in random order")
        RANDSTART = "randstart", _("in name order, starting at a random file")

    name = models.CharField(
        _("name"),
        max_length=64,
        unique=True,
        validators=[validate_identifier, validate_moh_class_name],
    )
    sort = models.CharField(_("play the files"), max_length=16, choices=Sort.choices, default=Sort.ALPHA)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("music on hold class")
        verbose_name_plural = _("music on hold classes")
        constraints = [
            # res_musiconhold finds classes by name without regard to case.
            models.UniqueConstraint(
                Lower("name"),
                name="pbx_mohclass_name_ci_unique",
                violation_error_message=_(
                    "A music on hold class with this name in another letter case already exists."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        clash = case_variant_error(
            self,
            _(
                "The music on hold class “%(other)s” already exists: class names must differ in more than "
                "letter case, because Asterisk finds classes without regard to case."
            ),
        ) or renamed_while_used_error(self)
        if clash is not None:
            raise ValidationError({"name": clash})


class MusicOnHoldFile(AudioModel):
    """One file of a music on hold class, written on the node as ``moh/<class>/<name>.wav``."""

    moh_class = models.ForeignKey(
        MusicOnHoldClass, verbose_name=_("class"), related_name="files", on_delete=models.CASCADE
    )
    name = models.CharField(
        _("name"),
        max_length=64,
        validators=[validate_identifier],
        help_text=_("The file's name on the node; files play in name order unless the class says otherwise."),
    )

    class Meta:
        ordering = ["moh_class", "name"]
        unique_together = [("moh_class", "name")]
        verbose_name = _("music on hold file")
        verbose_name_plural = _("music on hold files")

    def __str__(self) -> str:
        return f"{self.moh_class}/{self.name}" if self.moh_class_id else self.name


def prompt_users(name: str) -> list[models.Model]:
    """The queues, IVR menus and scheduled inbound routes that play the prompt ``name``."""
    return [
        *Queue.objects.filter(periodic_announce=name),
        *IVRMenu.objects.filter(models.Q(greeting=name) | models.Q(invalid_prompt=name)),
        *InboundRoute.objects.filter(schedule__isnull=False, closed_prompt=name),
    ]


def audio_users(instance: models.Model) -> list[models.Model]:
    """What plays an uploaded prompt or music on hold class, by its stored name.

    They name it by a text field (a name may also be a sound of the node's own), so no foreign key
    protects it: deleting or renaming it would leave them playing silence.
    """
    stored = type(instance)._default_manager.filter(pk=instance.pk).values_list("name", flat=True).first()
    if stored is None:
        return []
    if isinstance(instance, MusicOnHoldClass):
        return list(Queue.objects.filter(music_class=stored))
    if isinstance(instance, Prompt):
        return prompt_users(stored)
    if isinstance(instance, MusicOnHoldFile):
        # The last file of a class a queue plays: without it the class would play nothing.
        others = MusicOnHoldFile.objects.filter(moh_class_id=instance.moh_class_id).exclude(pk=instance.pk)
        if others.exists():
            return []
        class_name = MusicOnHoldClass.objects.filter(pk=instance.moh_class_id).values_list("name", flat=True)
        return list(Queue.objects.filter(music_class__in=class_name))
    return []


def renamed_while_used_error(instance: models.Model) -> ValidationError | None:
    """The error for renaming a prompt or music class that something still plays by its old name."""
    if instance.pk is None:
        return None
    users = audio_users(instance)
    old = type(instance)._default_manager.filter(pk=instance.pk).values_list("name", flat=True).first()
    if not users or old == getattr(instance, "name", old):
        return None
    listed = ", ".join(f"{user._meta.verbose_name} “{user}”" for user in users[:5])
    return ValidationError(
        _("“%(old)s” cannot be renamed while it is played by %(users)s: change them first."),
        code="renamed_while_used",
        params={"old": old, "users": listed},
    )


def unknown_moh_class_error(name: str) -> ValidationError | None:
    """The error for a queue naming a music on hold class that is neither the node's default nor uploaded."""
    if not name or name == DEFAULT_MOH_CLASS or MusicOnHoldClass.objects.filter(name=name).exists():
        return None
    return ValidationError(
        _(
            "There is no music on hold class “%(value)s”: choose “default” or upload the class under "
            "Music on hold classes first."
        ),
        code="unknown_moh_class",
        params={"value": name[:64]},
    )


class GroupApply(models.Model):
    """One apply to every node of a group: all of them end on the new version, or all on their previous one.
    The per-node results are the ConfigApply rows that name it."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        UNCHANGED = "unchanged", _("unchanged")
        DRY_RUN = "dry_run", _("dry run")
        REFUSED = "refused", _("refused (invalid)")
        ROLLED_BACK = "rolled_back", _("failed and rolled back")
        FAILED = "failed", _("failed")

    group = models.ForeignKey(
        NodeGroup, verbose_name=_("node group"), related_name="applies", on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField(_("who (as written)"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    error = models.TextField(_("error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("group configuration apply")
        verbose_name_plural = _("group configuration applies")

    def __str__(self) -> str:
        return f"{self.group_id} {self.status}"


class ConfigApply(models.Model):
    """One render-and-apply attempt on a node: who, when, which version, the diff and the outcome."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        UNCHANGED = "unchanged", _("unchanged")
        DRY_RUN = "dry_run", _("dry run")
        REFUSED = "refused", _("refused (invalid)")
        ROLLED_BACK = "rolled_back", _("failed and rolled back")
        FAILED = "failed", _("failed")

    class Kind(models.TextChoices):
        APPLY = "apply", _("apply")
        ROLLBACK = "rollback", _("rollback")

    server = models.ForeignKey(
        AsteriskServer,
        verbose_name=_("Asterisk server"),
        related_name="config_applies",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.APPLY)
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    previous_version = models.PositiveIntegerField(_("previous version"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField(_("who (as written)"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    changed_files = models.JSONField(_("changed files"), default=list, blank=True)
    reloaded = models.JSONField(_("reloaded modules"), default=list, blank=True)
    diff = models.TextField(_("diff"), blank=True)
    error = models.TextField(_("error"), blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    group_apply = models.ForeignKey(
        GroupApply,
        verbose_name=_("group apply"),
        related_name="node_applies",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("configuration apply")
        verbose_name_plural = _("configuration applies")

    def __str__(self) -> str:
        return f"{self.server_id} v{self.version or '-'} {self.status}"
