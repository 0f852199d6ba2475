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

from collections.abc import Callable, Collection, Container, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol, TypedDict

from callcenter.ami.errors import AMIActionError
from callcenter.ami.protocol import Message

PJSIP_PREFIX = "PJSIP/"
EVENTS = ("ContactStatus", "PeerStatus", "Registry")

# Endpoint status, best first: the best of its contacts (an endpoint without any is "unregistered").
STATUSES = ("reachable", "unqualified", "unknown", "unreachable", "unregistered")
REGISTRATION_STATUSES = ("registered", "unregistered", "rejected", "failed")
ALARMS = ("trunk_unreachable", "registration_failed", "phone_unregistered", "phone_unreachable")

# ContactStatus / ContactList status -> contact status; None: the contact is gone; "" keeps the current
# status (a refreshed registration).
_CONTACT_STATUS: dict[str, str | None] = {
    "reachable": "reachable",
    "unreachable": "unreachable",
    "nonqualified": "unqualified",
    "unqualified": "unqualified",
    "created": "unqualified",
    "unknown": "unknown",
    "updated": "",
    "removed": None,
}
_REGISTRATION_STATUS = {status.capitalize(): status for status in REGISTRATION_STATUSES}
_FAILED_REGISTRATIONS = frozenset({"rejected", "failed"})
_NO_CONTACTS = "No Contacts found"  # PJSIPShowContacts' error when there is none: an empty list
REGISTRATION_SUFFIX = "-reg"  # pbx renders a trunk's registration as "<trunk>-reg"


class ContactView(TypedDict):
    """One registered (or static) contact of an endpoint."""

    uri: str
    status: str  # reachable | unqualified | unknown | unreachable
    roundtrip_ms: float | None  # the last qualify's round trip, when reachable


class RegistrationView(TypedDict):
    """A trunk's outbound registration."""

    name: str
    client_uri: str
    server_uri: str
    status: str  # registered | unregistered | rejected | failed
    since: float


class EndpointView(TypedDict):
    """One PJSIP endpoint as the snapshot and the deltas carry it (key: the endpoint's name)."""

    name: str
    kind: str  # trunk | phone
    agent: str | None  # the logged-in queue member whose phone this is (its interface)
    status: str  # see STATUSES
    since: float | None  # when the status last changed (None: not seen since the bridge started)
    roundtrip_ms: float | None
    contacts: list[ContactView]
    registration: RegistrationView | None
    alarm: str | None  # see ALARMS; None when all is well


@dataclass(slots=True)
class _Contact:
    uri: str
    status: str
    roundtrip_us: int | None = None


@dataclass(slots=True)
class _Endpoint:
    name: str
    contacts: dict[str, _Contact] = field(default_factory=dict)
    peer: str | None = None  # PeerStatus, lowercased, when no contact is known
    status: str = "unregistered"
    since: float | None = None


@dataclass(slots=True)
class _Registration:
    name: str
    client_uri: str
    server_uri: str
    endpoint: str  # the trunk it registers ("" until the resync names it)
    status: str = "unregistered"
    since: float = 0.0


@dataclass(frozen=True)
class EndpointLists:
    """What the resync read: the contacts and registrations lists (None: the node has no PJSIP) and the
    events that arrived while they were being read."""

    contacts: list[Message] | None
    registrations: list[Message] | None
    during: list[Message]


class ListClient(Protocol):
    async def action_list(
        self, name: str, headers: Mapping[str, str] | None = None, *, timeout: float | None = None
    ) -> tuple[Message, list[Message]]: ...


async def read_lists(
    client: ListClient, windows: list[list[Message]], timeout: float, trunks: Iterable[str] = ()
) -> EndpointLists:
    """Ask ``PJSIPShowContacts``, ``PJSIPShowEndpoint`` of each of the node's ``trunks`` (their static
    contacts) and ``PJSIPShowRegistrationsOutbound``; the events applied meanwhile are collected in a
    window of their own (``windows`` is the bridge's list of open windows)."""
    during: list[Message] = []
    windows.append(during)
    try:
        contacts = await _list(client, "PJSIPShowContacts", timeout)
        if contacts is not None:
            for trunk in sorted(set(trunks)):
                details = await _list(client, "PJSIPShowEndpoint", timeout, {"Endpoint": trunk})
                contacts += [m for m in details or () if m.event == "ContactStatusDetail"]
        registrations = await _list(client, "PJSIPShowRegistrationsOutbound", timeout)
    finally:
        windows.remove(during)
    return EndpointLists(contacts, registrations, during)


async def _list(
    client: ListClient, action: str, timeout: float, headers: Mapping[str, str] | None = None
) -> list[Message] | None:
    try:
        _, events = await client.action_list(action, headers, timeout=timeout)
    except AMIActionError as exc:
        # "No Contacts found" is an empty list; anything else (an unknown action, an endpoint that is not
        # loaded) means nothing of it here.
        return [] if _NO_CONTACTS.lower() in exc.message.lower() else None
    return events


def trunk_names(trunks: Mapping[str, str]) -> frozenset[str]:
    """The PJSIP endpoints of the node's trunks, from the live state's ``{device: trunk}``."""
    return frozenset(trunk for device, trunk in trunks.items() if device.startswith(PJSIP_PREFIX))


def _rtt(value: str | None) -> int | None:
    """``RoundtripUsec``: microseconds, or ``N/A`` in the lists when the contact is not reachable."""
    return int(value) if value and value.isdigit() else None


def _aor_of(object_name: str) -> str:
    """A contact's sorcery id names its AOR: ``1001;@<hash>`` (registered) or ``carrier@@<hash>`` (static)."""
    for separator in (";@", "@@"):
        head, found, _ = object_name.partition(separator)
        if found:
            return head
    return object_name


class EndpointState:
    """The endpoints of one node (see the module docstring). ``LiveState`` owns one."""

    def __init__(self) -> None:
        self.endpoints: dict[str, _Endpoint] = {}
        self.registrations: dict[str, _Registration] = {}  # by name (or client URI until named)
        self.available = True  # False after a resync found no PJSIP on the node
        self._dirty: set[str] = set()
        self._published: dict[str, EndpointView] = {}
        self._trunks: Mapping[str, str] | None = None
        self._trunk_names: frozenset[str] = frozenset()

    @property
    def handlers(self) -> dict[str, Callable[[Message, float], None]]:
        return {"ContactStatus": self._on_contact, "PeerStatus": self._on_peer, "Registry": self._on_registry}

    # -- events --------------------------------------------------------------------------------------
    def _endpoint(self, name: str) -> _Endpoint:
        endpoint = self.endpoints.get(name)
        if endpoint is None:
            endpoint = self.endpoints[name] = _Endpoint(name)
        return endpoint

    def _on_contact(self, message: Message, now: float) -> None:
        name = message.get("EndpointName") or message.get("AOR") or ""
        uri = message.get("URI") or ""
        status = _CONTACT_STATUS.get((message.get("ContactStatus") or "").lower(), "unknown")
        if not name or not uri:
            return
        self._set_contact(self._endpoint(name), uri, status, _rtt(message.get("RoundtripUsec")), now)

    def _set_contact(
        self, endpoint: _Endpoint, uri: str, status: str | None, rtt: int | None, now: float
    ) -> None:
        if status is None:
            endpoint.contacts.pop(uri, None)
        else:
            contact = endpoint.contacts.get(uri)
            if contact is None:
                contact = endpoint.contacts[uri] = _Contact(uri, status or "unqualified")
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
        status = _REGISTRATION_STATUS.get(message.get("Status") or "", "unregistered")
        if not client_uri:
            return
        registration = next(
            (r for r in self.registrations.values() if r.client_uri == client_uri), None
        ) or self.registrations.setdefault(client_uri, _Registration(client_uri, client_uri, server_uri, ""))
        if registration.status != status or not registration.since:
            registration.status = status
            registration.since = now
        if registration.endpoint:
            self._dirty.add(registration.endpoint)

    def _settle(self, endpoint: _Endpoint, now: float) -> None:
        status = self._status(endpoint)
        if status != endpoint.status or endpoint.since is None:
            endpoint.status = status
            endpoint.since = now
        self._dirty.add(endpoint.name)

    @staticmethod
    def _status(endpoint: _Endpoint) -> str:
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
        contacts: dict[str, dict[str, _Contact]] = {}
        for message in lists.contacts or ():
            # ContactList (PJSIPShowContacts) or ContactStatusDetail (PJSIPShowEndpoint of a trunk).
            name = (
                message.get("Endpoint")
                or message.get("EndpointName")
                or message.get("AOR")
                or _aor_of(message.get("ObjectName") or "")
            )
            uri = message.get("Uri") or message.get("URI") or ""
            status = _CONTACT_STATUS.get((message.get("Status") or "").lower(), "unknown") or "unqualified"
            if name and uri:
                rtt = _rtt(message.get("RoundtripUsec")) if status == "reachable" else None
                contacts.setdefault(name, {})[uri] = _Contact(uri, status, rtt)
        for name in set(self.endpoints) | set(contacts):
            endpoint = self._endpoint(name)
            endpoint.contacts = contacts.get(name, {})
            endpoint.peer = None
            self._settle(endpoint, now)
        registrations: dict[str, _Registration] = {}
        for message in lists.registrations or ():
            name = message.get("ObjectName") or ""
            if not name:
                continue
            old = self.registrations.get(name)
            status = _REGISTRATION_STATUS.get(message.get("Status") or "", "unregistered")
            registrations[name] = _Registration(
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

    # -- views ---------------------------------------------------------------------------------------
    def _note_trunks(self, trunks: Mapping[str, str]) -> None:
        if trunks is self._trunks:
            return
        names = trunk_names(trunks)
        self._dirty.update(names ^ self._trunk_names)
        self._trunks, self._trunk_names = trunks, names

    def touch_member(self, interface: str) -> None:
        """A queue member was added or removed: the alarm of its phone may change."""
        if interface.startswith(PJSIP_PREFIX):
            self._dirty.add(interface[len(PJSIP_PREFIX) :])

    def _names(self, members: Collection[str]) -> set[str]:
        names = {name for name, endpoint in self.endpoints.items() if endpoint.contacts}
        names |= self._trunk_names
        names |= {registration.endpoint for registration in self.registrations.values()}
        if self.available:
            names |= {member[len(PJSIP_PREFIX) :] for member in members if member.startswith(PJSIP_PREFIX)}
        names.discard("")
        return names

    @staticmethod
    def _is_member(name: str, members: Container[str]) -> bool:
        return f"{PJSIP_PREFIX}{name}" in members

    def view(self, name: str, members: Container[str]) -> EndpointView | None:
        endpoint = self.endpoints.get(name)
        registration = next((r for r in self.registrations.values() if r.endpoint == name), None)
        is_member = self._is_member(name, members)
        trunk = name in self._trunk_names or registration is not None
        # Shown: a trunk, a phone with a contact, and a logged-in agent's phone (registered or not).
        if not ((endpoint is not None and endpoint.contacts) or trunk or (is_member and self.available)):
            return None
        if endpoint is not None and endpoint.since is not None:
            status, since = endpoint.status, endpoint.since
        else:
            status, since = ("unknown" if trunk or not self.available else "unregistered"), None
        if trunk and status == "unregistered":
            status = "unreachable" if endpoint is not None and endpoint.peer == "unreachable" else "unknown"
        contacts: list[ContactView] = (
            [
                {
                    "uri": contact.uri,
                    "status": contact.status,
                    "roundtrip_ms": contact.roundtrip_us / 1000 if contact.roundtrip_us is not None else None,
                }
                for contact in sorted(endpoint.contacts.values(), key=lambda c: c.uri)
            ]
            if endpoint is not None
            else []
        )
        rtts = [c["roundtrip_ms"] for c in contacts if c["roundtrip_ms"] is not None]
        alarm: str | None = None
        if trunk:
            if status == "unreachable":
                alarm = "trunk_unreachable"
            elif registration is not None and registration.status in _FAILED_REGISTRATIONS:
                alarm = "registration_failed"
        elif is_member and self.available and status in ("unregistered", "unreachable"):
            alarm = "phone_unregistered" if status == "unregistered" else "phone_unreachable"
        return {
            "name": name,
            "kind": "trunk" if trunk else "phone",
            "agent": f"{PJSIP_PREFIX}{name}" if is_member else None,
            "status": status,
            "since": since,
            "roundtrip_ms": min(rtts) if rtts else None,
            "contacts": contacts,
            "registration": (
                {
                    "name": registration.name,
                    "client_uri": registration.client_uri,
                    "server_uri": registration.server_uri,
                    "status": registration.status,
                    "since": registration.since,
                }
                if registration is not None
                else None
            ),
            "alarm": alarm,
        }

    def snapshot(self, trunks: Mapping[str, str], members: Collection[str]) -> dict[str, EndpointView]:
        """Every endpoint worth showing, by name. It is also the baseline of the next deltas: the bridge
        stores each snapshot it takes, and publishes the changes since."""
        self._note_trunks(trunks)
        views: dict[str, EndpointView] = {}
        for name in sorted(self._names(members)):
            found = self.view(name, members)
            if found is not None:
                views[name] = found
        self._published = dict(views)
        self._dirty = set()
        return views

    def take_delta(
        self, trunks: Mapping[str, str], members: Collection[str]
    ) -> dict[str, EndpointView | None]:
        """The endpoints whose view changed since the last delta or snapshot (None: no longer shown)."""
        self._note_trunks(trunks)
        if not self._dirty:
            return {}
        changed: dict[str, EndpointView | None] = {}
        for name in sorted(self._dirty):
            found = self.view(name, members)
            if found != self._published.get(name):
                changed[name] = found
                if found is None:
                    self._published.pop(name, None)
                else:
                    self._published[name] = found
        self._dirty = set()
        return changed
