"""Contacts: importing a file's good rows as leads, and the do-not-call list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from callcenter.audit.actions import record
from callcenter.core.phones import normalise_phone
from callcenter.dialer.actions.callbacks import settle_callback
from callcenter.dialer.eligibility import CLAIMABLE_STATES
from callcenter.dialer.importing import ImportPreview, preview_import
from callcenter.dialer.models import Campaign, ContactList, DNCEntry, Lead


def add_dnc(actor: Any, phone: str, *, campaign: Campaign | None = None, reason: str = "") -> DNCEntry:
    """Put a number on the do-not-call list and take its waiting leads out of the dialer."""
    e164 = normalise_phone(phone)
    with transaction.atomic():
        entry, _created = DNCEntry.objects.get_or_create(
            phone=e164, campaign=campaign, defaults={"reason": reason}
        )
        leads = Lead.objects.filter(phone=e164, state__in=(*CLAIMABLE_STATES, Lead.State.PREVIEW))
        if campaign is not None:
            leads = leads.filter(campaign=campaign)
        callbacks = list(leads.filter(callback__isnull=False).select_related("campaign"))
        leads.update(state=Lead.State.DNC, preview_agent=None)
        record(actor, "dialer.dnc_add", entry, detail=reason)
        for lead in callbacks:
            lead.state = Lead.State.DNC
            settle_callback(actor, lead)
    return entry


def import_contacts(
    actor: Any,
    campaign: Campaign,
    data: bytes,
    filename: str,
    mapping: Mapping[str, str],
    *,
    list_name: str = "",
    region: str | None = None,
) -> tuple[ContactList, ImportPreview]:
    """Import the good rows in one transaction; the bad ones are returned with their line and reason."""
    with transaction.atomic():
        # Serialise imports into one campaign so two uploads cannot both insert the same number.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        preview = preview_import(campaign, data, filename, mapping, region=region)
        contact_list = ContactList(
            campaign=campaign,
            name=(list_name or filename)[:120],
            uploaded_by=actor if getattr(actor, "pk", None) else None,
            imported_rows=preview.good_count,
            rejected_rows=len(preview.errors),
        )
        contact_list.save()
        Lead.objects.bulk_create(
            [Lead(campaign=campaign, contact_list=contact_list, **values) for values in preview.good]
        )
        record(
            actor,
            "dialer.import",
            contact_list,
            changes={"imported": preview.good_count, "rejected": len(preview.errors)},
        )
    return contact_list, preview
