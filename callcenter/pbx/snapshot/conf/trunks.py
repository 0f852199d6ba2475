"""Carrier trunks: their endpoints, registrations and outbound routes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TrunkConf:
    """A carrier trunk (endpoint, registration, outbound route)."""

    name: str
    host: str
    port: int = 5060
    transport: str = "udp"
    username: str = ""
    secret: str = ""
    from_user: str = ""
    codecs: str = "alaw,ulaw"
    max_channels: int = 30
    outbound_prefix: str = ""
    caller_id: str = ""
