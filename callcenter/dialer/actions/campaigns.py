"""Campaigns, contact lists and do-not-call entries as records, and a campaign's status."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.audit.actions import delete_audited, record, save_validated
from callcenter.dialer.actions.callbacks import queue_schedule
from callcenter.dialer.eligibility import CLAIMABLE_STATES
from callcenter.dialer.models import Campaign, Lead
from callcenter.stats import actions as stats_actions
from callcenter.stats.models import Callback

M = TypeVar("M", bound=models.Model)


def save(actor: Any, instance: M, *, m2m: dict[str, Any] | None = None) -> M:
    """Create or update a campaign, contact list or DNC entry (validated and audited).

    A new callbacks campaign without business hours takes its queue's (``queue_schedule``).
    """
    if (
        isinstance(instance, Campaign)
        and instance.pk is None
        and instance.kind == Campaign.Kind.CALLBACKS
        and instance.schedule_id is None
        and instance.queue is not None
    ):
        instance.schedule = queue_schedule(instance.queue)
    return save_validated(actor, instance, m2m=m2m)


def delete(actor: Any, instance: models.Model) -> None:
    delete_audited(actor, instance)


def set_campaign_status(actor: Any, campaign: Campaign, status: str) -> Campaign:
    """Start, pause, resume or stop a campaign (a stopped campaign stays stopped)."""
    allowed = {
        Campaign.Status.DRAFT: {Campaign.Status.RUNNING, Campaign.Status.STOPPED},
        Campaign.Status.RUNNING: {Campaign.Status.PAUSED, Campaign.Status.STOPPED},
        Campaign.Status.PAUSED: {Campaign.Status.RUNNING, Campaign.Status.STOPPED},
        Campaign.Status.STOPPED: set(),
    }
    if status not in allowed[Campaign.Status(campaign.status)]:
        raise ValidationError(
            _("A %(old)s campaign cannot become %(new)s.") % {"old": campaign.status, "new": status}
        )
    old = campaign.status
    with transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(status=status, updated_at=timezone.now())
        campaign.status = status
        record(actor, "dialer.status", campaign, changes={"status": [old, status]})
        if status == Campaign.Status.STOPPED:
            _give_callbacks_back(actor, campaign)
    return campaign


def _give_callbacks_back(actor: Any, campaign: Campaign) -> None:
    """A stopped campaign's callbacks not being dialled go back to the list (open, or assigned as before)."""
    waiting = Lead.objects.filter(
        campaign=campaign, callback__isnull=False, state__in=(*CLAIMABLE_STATES, Lead.State.PREVIEW)
    )
    entries = Callback.objects.filter(pk__in=waiting.values("callback_id"), status=Callback.Status.DIALING)
    for entry in entries:
        stats_actions.take_from_dialer(actor, entry, campaign.name)
    waiting.update(state=Lead.State.DONE, preview_agent=None, locked_by="", locked_at=None)
