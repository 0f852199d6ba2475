"""PJSIP trunks and phones in the live state: registration, contacts and qualify, per endpoint.

A part of the reducer (``LiveState.endpoints``): pure and synchronous like the rest of it, fed from the
bridge's one event stream. Facts, as Asterisk 22 reports them (main/stasis_endpoints.c,
res/res_pjsip/pjsip_options.c, res/res_pjsip_outbound_registration.c, main/stasis_system.c):

* ``ContactStatus`` (``URI``, ``ContactStatus``, ``AOR``, ``EndpointName``, ``RoundtripUsec``): a contact
  registered or was qualified. ``Reachable`` (answers OPTIONS; the round trip in microseconds),
  ``Unreachable`` (the qualify timed out), ``NonQualified`` (known, not qualified: just registered, or the
  AOR has no ``qualify_frequency``), ``Unknown``, ``Removed`` (unregistered or expired). Older versions
  say ``Created`` / ``Updated`` for a new or refreshed registration; both are understood.
* ``PeerStatus`` (``ChannelType: PJSIP``, ``Peer: PJSIP/<endpoint>``, ``Reachable`` / ``Unreachable``):
  the endpoint's state composed from its AORs; used only for an endpoint without any known contact.
* ``Registry`` (``ChannelType: PJSIP``, ``Username`` = the registration's client URI, ``Domain`` = its
  server URI, ``Status``: ``Registered``, ``Unregistered``, ``Rejected``, ``Failed``): an outbound
  registration toward a carrier completed or failed. The event does not name the registration; the
  resync's ``PJSIPShowRegistrationsOutbound`` (``OutboundRegistrationDetail``: ``ObjectName``,
  ``ClientUri``, ``ServerUri``, ``Endpoint``, ``Status``) does, and ties it to its trunk.

Asterisk sends ``ContactStatus`` only when a status changes, so after every login (and every resync)
the lists replace what the events built: ``PJSIPShowContacts`` (one ``ContactList`` per registered
contact: ``ObjectName`` ``<aor>;@<hash>``, ``Uri``, ``Endpoint``, ``Status``, ``RoundtripUsec``); it
leaves out the static contacts of the trunks' AORs (``contact =``), so ``PJSIPShowEndpoint`` of each
trunk (its ``ContactStatusDetail`` events: ``AOR``, ``URI``, ``Status``, ``RoundtripUsec``,
``EndpointName``); and ``PJSIPShowRegistrationsOutbound``. A node whose Asterisk has no PJSIP (the actions
are unknown) has no endpoint state: its phones are never reported missing.

Each endpoint is shown as an ``EndpointView`` (docs/ami.md, "Endpoints"): a trunk when its name is a
configured trunk of the node (or it has an outbound registration), otherwise a phone; ``agent`` names the
logged-in queue member whose interface is ``PJSIP/<endpoint>``. Alarms: a trunk whose contacts are all
unreachable, or whose registration was rejected or failed; a logged-in agent's phone that is not
registered or not reachable. They clear as soon as the trunk or phone is back.
"""

from __future__ import annotations

from collections.abc import Callable

from callcenter.ami.protocol import Message
from callcenter.live.endpoints.lists import EndpointLists
from callcenter.live.endpoints.records import Contact, Endpoint, Registration, aor_of, roundtrip_us
from callcenter.live.endpoints.statuses import (
    CONTACT_STATUS,
    REGISTRATION_STATUS,
    REGISTRATION_SUFFIX,
    STATUSES,
)
from callcenter.live.endpoints.views import EndpointViews


class EndpointState(EndpointViews):
    """The endpoints of one node (see the module docstring). ``LiveState`` owns one."""

    @property
    def handlers(self) -> dict[str, Callable[[Message, float], None]]:
        return {"ContactStatus": self._on_contact, "PeerStatus": self._on_peer, "Registry": self._on_registry}

    # -- events --------------------------------------------------------------------------------------
    def _endpoint(self, name: str) -> Endpoint:
        endpoint = self.endpoints.get(name)
        if endpoint is None:
            endpoint = self.endpoints[name] = Endpoint(name)
        return endpoint

    def _on_contact(self, message: Message, now: float) -> None:
        name = message.get("EndpointName") or message.get("AOR") or ""
        uri = message.get("URI") or ""
        status = CONTACT_STATUS.get((message.get("ContactStatus") or "").lower(), "unknown")
        if not name or not uri:
            return
        self._set_contact(self._endpoint(name), uri, status, roundtrip_us(message.get("RoundtripUsec")), now)

    def _set_contact(
        self, endpoint: Endpoint, uri: str, status: str | None, rtt: int | None, now: float
    ) -> None:
        if status is None:
            endpoint.contacts.pop(uri, None)
        else:
            contact = endpoint.contacts.get(uri)
            if contact is None:
                contact = endpoint.contacts[uri] = Contact(uri, status or "unqualified")
            elif status:
                contact.status = status
            contact.roundtrip_us = rtt if contact.status == "reachable" else None
        self._settle(endpoint, now)

    def _on_peer(self, message: Message, now: float) -> None:
        if (message.get("ChannelType") or "").upper() != "PJSIP":
            return
        name = (message.get("Peer") or "").partition("/")[2]
        status = (message.get("PeerStatus") or "").lower()
        if not name or status not in ("reachable", "unreachable"):
            return
        endpoint = self._endpoint(name)
        endpoint.peer = status
        self._settle(endpoint, now)

    def _on_registry(self, message: Message, now: float) -> None:
        if (message.get("ChannelType") or "").upper() != "PJSIP":
            return
        client_uri = message.get("Username") or ""
        server_uri = message.get("Domain") or ""
        status = REGISTRATION_STATUS.get(message.get("Status") or "", "unregistered")
        if not client_uri:
            return
        registration = next(
            (r for r in self.registrations.values() if r.client_uri == client_uri), None
        ) or self.registrations.setdefault(client_uri, Registration(client_uri, client_uri, server_uri, ""))
        if registration.status != status or not registration.since:
            registration.status = status
            registration.since = now
        if registration.endpoint:
            self._dirty.add(registration.endpoint)

    def _settle(self, endpoint: Endpoint, now: float) -> None:
        status = self._status(endpoint)
        if status != endpoint.status or endpoint.since is None:
            endpoint.status = status
            endpoint.since = now
        self._dirty.add(endpoint.name)

    @staticmethod
    def _status(endpoint: Endpoint) -> str:
        if endpoint.contacts:
            found = {contact.status for contact in endpoint.contacts.values()}
            return next(status for status in STATUSES if status in found)
        if endpoint.peer == "reachable":
            return "unqualified"
        return "unregistered"

    # -- resync --------------------------------------------------------------------------------------
    def resync(self, lists: EndpointLists, now: float) -> int:
        """Replace contacts and registrations with the lists, then apply again the endpoint events that
        came while they were read (each states one contact's or registration's whole state). Returns how
        many endpoints and registrations it corrected."""
        before = self._comparable()
        available = lists.contacts is not None
        if available != self.available:
            self.available = available
            self._dirty.update(self._published)
        contacts: dict[str, dict[str, Contact]] = {}
        for message in lists.contacts or ():
            # ContactList (PJSIPShowContacts) or ContactStatusDetail (PJSIPShowEndpoint of a trunk).
            name = (
                message.get("Endpoint")
                or message.get("EndpointName")
                or message.get("AOR")
                or aor_of(message.get("ObjectName") or "")
            )
            uri = message.get("Uri") or message.get("URI") or ""
            status = CONTACT_STATUS.get((message.get("Status") or "").lower(), "unknown") or "unqualified"
            if name and uri:
                rtt = roundtrip_us(message.get("RoundtripUsec")) if status == "reachable" else None
                contacts.setdefault(name, {})[uri] = Contact(uri, status, rtt)
        for name in set(self.endpoints) | set(contacts):
            endpoint = self._endpoint(name)
            endpoint.contacts = contacts.get(name, {})
            endpoint.peer = None
            self._settle(endpoint, now)
        registrations: dict[str, Registration] = {}
        for message in lists.registrations or ():
            name = message.get("ObjectName") or ""
            if not name:
                continue
            old = self.registrations.get(name)
            status = REGISTRATION_STATUS.get(message.get("Status") or "", "unregistered")
            registrations[name] = Registration(
                name,
                message.get("ClientUri") or "",
                message.get("ServerUri") or "",
                name.removesuffix(REGISTRATION_SUFFIX)
                if name.endswith(REGISTRATION_SUFFIX)
                else (message.get("Endpoint") or name),
                status,
                old.since if old is not None and old.status == status and old.since else now,
            )
        for registration in [*self.registrations.values(), *registrations.values()]:
            if registration.endpoint:
                self._dirty.add(registration.endpoint)
        self.registrations = registrations
        for message in lists.during:
            handler = self.handlers.get(message.event or "")
            if handler is not None:
                handler(message, now)
        after = self._comparable()
        return sum(1 for key in before.keys() | after.keys() if before.get(key) != after.get(key))

    def _comparable(self) -> dict[str, object]:
        facts: dict[str, object] = {
            f"endpoint:{name}": sorted((c.uri, c.status) for c in endpoint.contacts.values())
            for name, endpoint in self.endpoints.items()
            if endpoint.contacts
        }
        for name, registration in self.registrations.items():
            facts[f"registration:{name}"] = registration.status
        return facts
