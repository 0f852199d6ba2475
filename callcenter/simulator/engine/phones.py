"""Member phones registering and unregistering, as res_pjsip reports it."""

from __future__ import annotations

from callcenter.simulator.engine.constants import PHONE_ROUNDTRIP_US, PJSIP_PREFIX
from callcenter.simulator.engine.members import Members


class Phones(Members):
    """PJSIP contacts of member phones: registration, ContactStatus and PeerStatus."""

    def set_device_available(self, device: str, available: bool) -> None:
        """An agent's phone registers or unregisters (a login / logout of a static member). A PJSIP phone
        also says so as res_pjsip does, in the order a real node sends it: unregistering, PeerStatus
        Unreachable, the device state, ContactStatus Removed; registering, ContactStatus NonQualified,
        PeerStatus Reachable, the device state, ContactStatus Reachable (its first qualify)."""
        phone = device.startswith(PJSIP_PREFIX)
        if available:
            self.unavailable_devices.discard(device)
            if phone:
                self._contact_status(device, "NonQualified")
                self._peer_status(device, "Reachable")
        else:
            self.unavailable_devices.add(device)
            if phone:
                self._peer_status(device, "Unreachable")
        self._device_state(device, "NOT_INUSE" if available else "UNAVAILABLE")
        if phone:
            self._contact_status(device, "Reachable" if available else "Removed")
        self._member_status_event(device)
        if available:
            self.kick()

    def phone_contacts(self) -> list[tuple[str, str]]:
        """(endpoint, contact URI) of every PJSIP member phone that is registered, for PJSIPShowContacts."""
        devices = {member.device for queue in self.queues.values() for member in queue.members}
        return [
            (device[len(PJSIP_PREFIX) :], phone_contact_uri(device))
            for device in sorted(devices)
            if device.startswith(PJSIP_PREFIX) and device not in self.unavailable_devices
        ]

    def _contact_status(self, device: str, status: str) -> None:
        endpoint = device[len(PJSIP_PREFIX) :]
        self.emit(
            "ContactStatus",
            "system,all",
            [
                ("URI", phone_contact_uri(device)),
                ("ContactStatus", status),
                ("AOR", endpoint),
                ("EndpointName", endpoint),
                ("RoundtripUsec", str(PHONE_ROUNDTRIP_US) if status == "Reachable" else "0"),
            ],
        )

    def _peer_status(self, device: str, status: str) -> None:
        self.emit(
            "PeerStatus", "system,all", [("ChannelType", "PJSIP"), ("Peer", device), ("PeerStatus", status)]
        )


def phone_contact_uri(device: str) -> str:
    """The contact a simulated PJSIP phone registers (every phone on 127.0.0.1, as in the real-node tests)."""
    return f"sip:{device[len(PJSIP_PREFIX) :]}@127.0.0.1:5060;ob"
