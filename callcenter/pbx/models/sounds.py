"""Uploaded audio: prompts and music on hold classes, and what plays them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from callcenter.core.models import ValidatedModel
from callcenter.core.validators import validate_identifier, validate_prompt
from callcenter.pbx.audio import check_stored
from callcenter.pbx.models.queues import Queue
from callcenter.pbx.models.routes import InboundRoute, IVRMenu
from callcenter.pbx.models.validators import case_variant_error, validate_moh_class_name, validate_sha256


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
