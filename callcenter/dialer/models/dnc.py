"""The do-not-call list."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.core.models import ValidatedModel
from callcenter.core.validators import validate_phone_number
from callcenter.dialer.models.campaign import Campaign


class DNCEntry(ValidatedModel):
    """A number that must never be dialled: for every campaign (global) or for one campaign."""

    phone = models.CharField(_("phone (E.164)"), max_length=21, validators=[validate_phone_number])
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="dnc_entries",
        help_text=_("Empty means every campaign."),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["phone"]
        indexes = [models.Index(fields=["phone"])]
        verbose_name = _("do-not-call entry")
        verbose_name_plural = _("do-not-call entries")

    def __str__(self) -> str:
        return self.phone
