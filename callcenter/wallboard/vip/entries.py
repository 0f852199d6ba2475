"""What the nodes should hold: the AstDB keys and values of the contacts with a tier, and the changes
between two such sets."""

from __future__ import annotations

from collections.abc import Mapping

import phonenumbers

from callcenter.core.phones import default_region, digits
from callcenter.wallboard.models import Contact, ContactTier


def number_keys(phone: str) -> list[str]:
    """The AstDB keys of a stored contact number (E.164 or digits), in a fixed order, without repeats."""
    if not phone.startswith("+"):
        plain = digits(phone)
        return [plain] if plain else []
    keys = [phone, phone[1:]]
    try:
        parsed = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return keys
    if phonenumbers.region_code_for_number(parsed) == default_region():
        national = digits(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
        if national and national not in keys:
            keys.append(national)
    return keys


def tier_value(tier: ContactTier) -> str:
    """What the dialplan reads for a caller of this tier: ``<priority>`` or ``<priority>:<queue>``."""
    queue = tier.queue.name if tier.queue_id is not None and tier.queue is not None else ""
    return f"{tier.priority}:{queue}" if queue else str(tier.priority)


def contact_entries(contact: Contact) -> dict[str, str]:
    """The keys and value of one contact (none for an ordinary caller)."""
    if contact.tier is None:
        return {}
    value = tier_value(contact.tier)
    return dict.fromkeys(number_keys(contact.phone), value)


def wanted_entries() -> dict[str, str]:
    """Every key the nodes should hold. Two contacts on one key (rare: a short number equal to another's
    national form) resolve to the higher priority."""
    wanted: dict[str, str] = {}
    contacts = Contact.objects.filter(tier__isnull=False).select_related("tier__queue").order_by("pk")
    for contact in contacts.iterator(chunk_size=2000):
        for key, value in contact_entries(contact).items():
            if key not in wanted or _priority(value) > _priority(wanted[key]):
                wanted[key] = value
    return wanted


def _priority(value: str) -> int:
    return int(value.split(":", 1)[0])


def changes_between(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, str | None]:
    """The keys to put (new or changed value) and to delete (gone) to go from ``before`` to ``after``."""
    changes: dict[str, str | None] = {key: value for key, value in after.items() if before.get(key) != value}
    changes.update(dict.fromkeys(set(before) - set(after)))
    return changes


def entries_of(instance: Contact | ContactTier) -> dict[str, str]:
    """What the nodes hold for a contact, or for all contacts of a tier, as the database says now."""
    if instance.pk is None:
        return {}
    if isinstance(instance, Contact):
        stored = Contact.objects.select_related("tier__queue").filter(pk=instance.pk).first()
        return contact_entries(stored) if stored is not None else {}
    entries: dict[str, str] = {}
    for contact in Contact.objects.select_related("tier__queue").filter(tier_id=instance.pk):
        entries.update(contact_entries(contact))
    return entries
