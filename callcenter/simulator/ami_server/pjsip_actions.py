"""PJSIP actions, for the member phones only (the simulator models no trunk)."""

from __future__ import annotations

from callcenter.simulator.ami_server.base import AMIBase
from callcenter.simulator.ami_server.session import Session
from callcenter.simulator.ami_server.wire import Message, encode
from callcenter.simulator.engine import PHONE_ROUNDTRIP_US


class PjsipActions(AMIBase):
    """PJSIPShowContacts, PJSIPShowEndpoint and PJSIPShowRegistrationsOutbound."""

    def _pjsip_show_contacts(self, session: Session, message: Message) -> None:
        contacts = self.engine.phone_contacts()
        if not contacts:
            self._error(session, message, "No Contacts found")
            return
        self._list_start(session, message, "A listing of Contacts follows, presented as ContactList events")
        for endpoint, uri in contacts:
            session.write(
                encode(
                    [
                        ("Event", "ContactList"),
                        *self._action_id(message),
                        ("ObjectType", "contact"),
                        ("ObjectName", f"{endpoint};@{endpoint}"),
                        ("ViaAddr", "127.0.0.1"),
                        ("ViaPort", "5060"),
                        ("QualifyTimeout", "3.000000"),
                        ("CallId", f"sim-{endpoint}"),
                        ("RegServer", ""),
                        ("PruneOnBoot", "false"),
                        ("Path", ""),
                        ("Endpoint", endpoint),
                        ("AuthenticateQualify", "false"),
                        ("Uri", uri),
                        ("QualifyFrequency", "60"),
                        ("UserAgent", "PJSUA v2.17 Linux"),
                        ("ExpirationTime", "0"),
                        ("OutboundProxy", ""),
                        ("Status", "Reachable"),
                        ("RoundtripUsec", str(PHONE_ROUNDTRIP_US)),
                    ]
                )
            )
        self._list_complete(session, message, "ContactListComplete", len(contacts))

    def _pjsip_show_endpoint(self, session: Session, message: Message) -> None:
        # The simulator models no trunk; phones are listed by PJSIPShowContacts.
        self._error(session, message, f"Unable to retrieve endpoint {message.get('Endpoint')}")

    def _pjsip_show_registrations_outbound(self, session: Session, message: Message) -> None:
        self._list_start(session, message, "Following are Events for each Outbound registration")
        self._list_complete(
            session,
            message,
            "OutboundRegistrationDetailComplete",
            0,
            ("Registered", "0"),
            ("NotRegistered", "0"),
        )
