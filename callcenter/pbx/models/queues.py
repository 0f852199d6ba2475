"""Call queues: every option queues.conf and the queue's entry context need."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from callcenter.core.models import ValidatedModel
from callcenter.core.validators import validate_display_name, validate_identifier, validate_prompt
from callcenter.pbx.models.servers import AsteriskServer
from callcenter.pbx.models.validators import (
    DEFAULT_MOH_CLASS,
    case_variant_error,
    validate_context_reference,
    validate_queue_name,
)
from callcenter.pbx.querysets import QueueQuerySet


def unknown_moh_class_error(name: str) -> ValidationError | None:
    """The error for a queue naming a music on hold class that is neither the node's default nor uploaded.

    The class is looked up through the app registry: the music on hold models (models/sounds.py) sit above
    the queues, since they ask which queues play them before a rename or a delete.
    """
    if (
        not name
        or name == DEFAULT_MOH_CLASS
        or apps.get_model("pbx", "MusicOnHoldClass")._default_manager.filter(name=name).exists()
    ):
        return None
    return ValidationError(
        _(
            "There is no music on hold class “%(value)s”: choose “default” or upload the class under "
            "Music on hold classes first."
        ),
        code="unknown_moh_class",
        params={"value": name[:64]},
    )


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
