"""Carrier trunks and the SIP passwords of desk phones."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from callcenter.core.fields import EncryptedTextField
from callcenter.core.models import ValidatedModel
from callcenter.core.validators import (
    validate_config_token,
    validate_did,
    validate_extension,
    validate_host,
    validate_identifier,
    validate_secret,
)
from callcenter.pbx.models.servers import AsteriskServer
from callcenter.pbx.models.validators import case_variant_error, validate_trunk_name


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
