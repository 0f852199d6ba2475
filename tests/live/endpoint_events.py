"""PJSIP endpoint events as Asterisk 22 words them: contact and peer status, the list actions' entries,
outbound registrations.

The recordings have no SIP (their PBX was built without pjproject): these follow main/stasis_endpoints.c,
res/res_pjsip/pjsip_options.c, res/res_pjsip/location.c and res/res_pjsip_outbound_registration.c."""

from __future__ import annotations

from callcenter.ami.protocol import Message
from tests.live.events import ev

PHONE_URI = "sip:1001@127.0.0.1:5062;ob"
CARRIER_URI = "sip:203.0.113.10:5060"


def contact_status(endpoint: str, status: str, uri: str = PHONE_URI, rtt: str = "0") -> Message:
    return ev(
        "ContactStatus", URI=uri, ContactStatus=status, AOR=endpoint, EndpointName=endpoint, RoundtripUsec=rtt
    )


def peer_status(endpoint: str, status: str) -> Message:
    return ev("PeerStatus", ChannelType="PJSIP", Peer=f"PJSIP/{endpoint}", PeerStatus=status)


def contact_list(aor: str, uri: str, status: str, rtt: str = "N/A") -> Message:
    """One ``ContactList`` event of ``PJSIPShowContacts`` (registered contacts only)."""
    return ev(
        "ContactList",
        ObjectType="contact",
        ObjectName=f"{aor};@9a7c",
        Uri=uri,
        Endpoint=aor,
        Status=status,
        RoundtripUsec=rtt,
    )


def contact_detail(endpoint: str, uri: str, status: str, rtt: str = "N/A") -> Message:
    """One ``ContactStatusDetail`` event of ``PJSIPShowEndpoint``: how a trunk's static contact is listed."""
    return ev(
        "ContactStatusDetail",
        AOR=endpoint,
        URI=uri,
        UserAgent="",
        RegExpire="0",
        ViaAddress="",
        CallID="",
        Status=status,
        RoundtripUsec=rtt,
        EndpointName=endpoint,
        ID=f"{endpoint}@@4e1b",
        AuthenticateQualify="0",
        OutboundProxy="",
        Path="",
        QualifyFrequency="60",
        QualifyTimeout="3.000",
    )


def registration_detail(name: str, status: str) -> Message:
    return ev(
        "OutboundRegistrationDetail",
        ObjectType="registration",
        ObjectName=name,
        ClientUri="sip:74950000001@203.0.113.10:5060",
        ServerUri="sip:203.0.113.10:5060",
        Endpoint="",
        Status=status,
        NextReg="0",
    )


def registry(status: str) -> Message:
    return ev(
        "Registry",
        ChannelType="PJSIP",
        Username="sip:74950000001@203.0.113.10:5060",
        Domain="sip:203.0.113.10:5060",
        Status=status,
    )
