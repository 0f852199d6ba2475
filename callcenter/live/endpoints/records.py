"""An endpoint's records in the reducer (contacts, the endpoint, outbound registrations) and the readings of
the events' fields that fill them (statuses and alarms: ``statuses``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Contact:
    uri: str
    status: str
    roundtrip_us: int | None = None


@dataclass(slots=True)
class Endpoint:
    name: str
    contacts: dict[str, Contact] = field(default_factory=dict)
    peer: str | None = None  # PeerStatus, lowercased, when no contact is known
    status: str = "unregistered"
    since: float | None = None


@dataclass(slots=True)
class Registration:
    name: str
    client_uri: str
    server_uri: str
    endpoint: str  # the trunk it registers ("" until the resync names it)
    status: str = "unregistered"
    since: float = 0.0


def roundtrip_us(value: str | None) -> int | None:
    """``RoundtripUsec``: microseconds, or ``N/A`` in the lists when the contact is not reachable."""
    return int(value) if value and value.isdigit() else None


def aor_of(object_name: str) -> str:
    """A contact's sorcery id names its AOR: ``1001;@<hash>`` (registered) or ``carrier@@<hash>`` (static)."""
    for separator in (";@", "@@"):
        head, found, _ = object_name.partition(separator)
        if found:
            return head
    return object_name
