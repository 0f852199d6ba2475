"""Voice menus, their keys, and the inbound routes (DIDs) that send calls to a destination."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.core.models import ValidatedModel
from callcenter.core.validators import (
    validate_did,
    validate_display_name,
    validate_extension,
    validate_identifier,
    validate_prompt,
)
from callcenter.pbx.models.queues import Queue
from callcenter.pbx.models.schedules import Schedule
from callcenter.pbx.models.servers import AsteriskServer


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
