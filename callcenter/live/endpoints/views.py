"""The endpoints as the snapshot and the deltas show them: kind (trunk or phone), status, contacts,
registration, the agent whose phone it is, and the alarm."""

from __future__ import annotations

from collections.abc import Collection, Container, Mapping

from callcenter.live.endpoints.lists import trunk_names
from callcenter.live.endpoints.records import Endpoint, Registration
from callcenter.live.endpoints.statuses import FAILED_REGISTRATIONS, PJSIP_PREFIX
from callcenter.live.messages import ContactView, EndpointView


class EndpointViews:
    """The endpoints of one node, their data and views (``EndpointState`` adds the events and resync)."""

    def __init__(self) -> None:
        self.endpoints: dict[str, Endpoint] = {}
        self.registrations: dict[str, Registration] = {}  # by name (or client URI until named)
        self.available = True  # False after a resync found no PJSIP on the node
        self._dirty: set[str] = set()
        self._published: dict[str, EndpointView] = {}
        self._trunks: Mapping[str, str] | None = None
        self._trunk_names: frozenset[str] = frozenset()

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
            elif registration is not None and registration.status in FAILED_REGISTRATIONS:
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
