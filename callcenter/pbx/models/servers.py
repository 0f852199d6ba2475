"""Asterisk nodes and the groups of nodes that share one configuration."""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.core.fields import EncryptedTextField
from callcenter.core.models import ValidatedModel
from callcenter.core.validators import (
    validate_abs_path,
    validate_config_token,
    validate_host,
    validate_identifier,
    validate_secret,
)
from callcenter.pbx.defaults import DEFAULT_RECORDINGS_DIR
from callcenter.pbx.models.validators import validate_recordings_dir


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
        return str(self.ami_secret)
