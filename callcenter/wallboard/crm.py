"""Caller lookup for the agent page: the contact a number belongs to, that number's last calls, and the
queue's external CRM opened on that number."""

from __future__ import annotations

from typing import TypedDict

from callcenter.core.phones import digits
from callcenter.core.validators import render_url_template
from callcenter.wallboard.models import Contact, CRMLink, normalise_number
from callcenter.wallboard.today import last_calls


class ContactCard(TypedDict):
    """What the agent sees of a known caller."""

    name: str
    company: str
    notes: str
    tier: str  # the tier's name ("VIP"), "" for an ordinary caller


class Lookup(TypedDict):
    """The CRM card of a caller: as written, the known contact, recent calls and the external CRM."""

    number: str
    contact: ContactCard | None
    last_calls: list[dict[str, object]]
    crm_url: str


def find_contact(number: str) -> Contact | None:
    """The contact of a number in any written form (``79161110000`` = ``8 916 111-00-00`` = ``+7916...``)."""
    key = normalise_number(number)
    if not key:
        return None
    return Contact.objects.select_related("tier").filter(phone=key).first()


def crm_url(number: str, queue: str) -> str:
    """The queue's external CRM page for this caller, or "" when the queue has none."""
    key = normalise_number(number)
    if not key or not queue:
        return ""
    link = CRMLink.objects.filter(queue__name=queue).first()
    if link is None:
        return ""
    return render_url_template(link.url_template, number=key, digits=digits(key), queue=queue)


def lookup(number: str, queue: str = "") -> Lookup:
    """What the agent sees about a caller: the contact (or None), the last calls from that number and the
    link to the queue's external CRM (empty without one)."""
    contact = find_contact(number)
    return {
        "number": number,
        "contact": (
            {
                "name": contact.name,
                "company": contact.company,
                "notes": contact.notes,
                "tier": contact.tier.name if contact.tier else "",
            }
            if contact
            else None
        ),
        "last_calls": last_calls(digits(normalise_number(number))),
        "crm_url": crm_url(number, queue),
    }
