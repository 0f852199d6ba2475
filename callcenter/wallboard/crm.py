"""Caller lookup for the agent page: the contact a number belongs to, and that number's last calls."""

from __future__ import annotations

from typing import Any

from callcenter.wallboard.models import Contact, normalise_number
from callcenter.wallboard.today import last_calls

# National prefixes differ (8 / +7 / 7 in Russia): the last ten digits identify a subscriber number.
SIGNIFICANT_DIGITS = 10


def find_contact(number: str) -> Contact | None:
    digits = normalise_number(number)
    if not digits:
        return None
    exact = Contact.objects.filter(phone=digits).first()
    if exact is not None or len(digits) < SIGNIFICANT_DIGITS:
        return exact
    return Contact.objects.filter(phone__endswith=digits[-SIGNIFICANT_DIGITS:]).order_by("pk").first()


def lookup(number: str) -> dict[str, Any]:
    """What the agent sees about a caller: the contact (or None) and the last calls from that number."""
    digits = normalise_number(number)
    contact = find_contact(digits)
    return {
        "number": number,
        "contact": (
            {"name": contact.name, "company": contact.company, "notes": contact.notes} if contact else None
        ),
        "last_calls": last_calls(digits),
    }
