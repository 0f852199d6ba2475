"""CRM writes: contacts, contact tiers and the external CRM links of the queues (validated, audited)."""

from __future__ import annotations

from typing import Any

from callcenter.audit.actions import delete_audited, save_validated
from callcenter.wallboard import vip
from callcenter.wallboard.models import Contact, ContactTier, CRMLink


def save(actor: Any, instance: Contact | ContactTier | CRMLink, *, m2m: dict[str, Any] | None = None) -> Any:
    """Create or update a contact, a contact tier or a queue's CRM link (validated and audited; the admin
    and the API). Contacts and tiers also update the nodes' VIP routing data (``vip``)."""
    if isinstance(instance, (Contact, ContactTier)):
        return vip.save(actor, instance)
    return save_validated(actor, instance, m2m=m2m)


def delete(actor: Any, instance: Contact | ContactTier | CRMLink) -> None:
    """Delete a contact, a contact tier or a queue's CRM link, audited."""
    if isinstance(instance, (Contact, ContactTier)):
        vip.delete(actor, instance)
        return
    delete_audited(actor, instance)


def save_contact(actor: Any, contact: Contact) -> Contact:
    """Create or update a contact, audited."""
    vip.save(actor, contact)
    return contact
