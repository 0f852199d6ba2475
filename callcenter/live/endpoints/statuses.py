"""The words of the endpoint events: the events read, endpoint and registration statuses, alarms, and how
the events' status fields map onto them."""

from __future__ import annotations

PJSIP_PREFIX = "PJSIP/"
EVENTS = ("ContactStatus", "PeerStatus", "Registry")

# Endpoint status, best first: the best of its contacts (an endpoint without any is "unregistered").
STATUSES = ("reachable", "unqualified", "unknown", "unreachable", "unregistered")
REGISTRATION_STATUSES = ("registered", "unregistered", "rejected", "failed")
ALARMS = ("trunk_unreachable", "registration_failed", "phone_unregistered", "phone_unreachable")

# ContactStatus / ContactList status -> contact status; None: the contact is gone; "" keeps the current
# status (a refreshed registration).
CONTACT_STATUS: dict[str, str | None] = {
    "reachable": "reachable",
    "unreachable": "unreachable",
    "nonqualified": "unqualified",
    "unqualified": "unqualified",
    "created": "unqualified",
    "unknown": "unknown",
    "updated": "",
    "removed": None,
}
REGISTRATION_STATUS = {status.capitalize(): status for status in REGISTRATION_STATUSES}
FAILED_REGISTRATIONS = frozenset({"rejected", "failed"})
REGISTRATION_SUFFIX = "-reg"  # pbx renders a trunk's registration as "<trunk>-reg"
