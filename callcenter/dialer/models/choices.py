"""The dialer's choices shared by several models: a campaign's mode and an attempt's outcome."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
