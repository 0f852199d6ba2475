"""How the dialer sends an Originate: one small protocol, so pacing can run against any transport.

The production transport logs in to the campaign's Asterisk node with the project's ``AMIClient`` in an
action-only session (``Events: off``) and sends the Originate with the attempt's ActionID. It never
re-sends: a connection lost before the response raises ``TransportLost`` and the caller marks the attempt
unknown. What became of the call (OriginateResponse, Hangup, ...) reaches the dialer through the AMI
bridge's event stream (``callcenter.dialer.events``), so ``BridgeLinkTransport`` dials only while that
stream is up: calls placed while nobody reads their events would never settle.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from callcenter.ami.errors import AMIActionError, AMIConnectionLost, AMIError, AMITimeout
from callcenter.ami.sync import client_for
from callcenter.live.store import is_connected

if TYPE_CHECKING:
    from callcenter.pbx.models import AsteriskServer


class TransportLost(Exception):
    """The link dropped (or timed out) after the Originate may have left: its fate is unknown."""


class TransportUnavailable(Exception):
    """The link could not be established: nothing was sent."""


class OriginateRejected(Exception):
    """Asterisk answered the Originate with ``Response: Error``: nothing was dialled."""


@dataclass(frozen=True)
class OriginateRequest:
    """One asynchronous Originate toward a lead."""

    action_id: str
    channel: str
    context: str
    exten: str = "s"
    priority: int = 1
    caller_id: str = ""
    timeout_ms: int = 30000
    account: str = ""
    variables: dict[str, str] = field(default_factory=dict)

    def headers(self) -> dict[str, str]:
        headers = {
            "Channel": self.channel,
            "Context": self.context,
            "Exten": self.exten,
            "Priority": str(self.priority),
            "Timeout": str(self.timeout_ms),
            "Async": "true",
        }
        if self.caller_id:
            headers["CallerID"] = self.caller_id
        if self.account:
            # Hangup and CDR events carry the account code, so a call can be matched even without its response.
            headers["Account"] = self.account
        if self.variables:
            headers["Variable"] = ",".join(f"{key}={value}" for key, value in self.variables.items())
        return headers


class DialerTransport(Protocol):
    """Sends Originates; says whether the link to Asterisk is up."""

    @property
    def connected(self) -> bool: ...

    def originate(self, request: OriginateRequest) -> None: ...


class AMIClientTransport:
    """Originates through the project's AMI client on one Asterisk node (a short-lived login per batch)."""

    def __init__(self, server: AsteriskServer, *, timeout: float = 10.0) -> None:
        self.server = server
        self.timeout = timeout
        self._connected = True

    @property
    def connected(self) -> bool:
        return self._connected

    async def _originate(self, request: OriginateRequest) -> None:
        client = client_for(self.server, action_timeout=self.timeout, ping_interval=0, reconnect=False)
        try:
            try:
                await client.connect()
            except (OSError, AMIError) as exc:
                raise TransportUnavailable(str(exc)) from exc
            try:
                await client.action("Originate", request.headers(), action_id=request.action_id)
            except AMIActionError as exc:
                raise OriginateRejected(exc.response.get("Message") or "") from exc
            except (AMIConnectionLost, AMITimeout, OSError) as exc:
                raise TransportLost(str(exc)) from exc
        finally:
            await client.close()

    def originate(self, request: OriginateRequest) -> None:
        try:
            asyncio.run(self._originate(request))
        except (TransportLost, TransportUnavailable):
            self._connected = False
            raise


class BridgeLinkTransport:
    """A transport whose link is up only while the bridge's event stream of the node is up too: the
    bridge's heartbeat for the node is in the live store. It expires within ``LIVE_HEARTBEAT_TTL_MS`` of
    the bridge dying (kill -9) or hanging, so dialing stops then even though nobody said so."""

    def __init__(self, inner: DialerTransport, server_name: str) -> None:
        self.inner = inner
        self.server_name = server_name

    @property
    def connected(self) -> bool:
        return self.inner.connected and is_connected(self.server_name)

    def originate(self, request: OriginateRequest) -> None:
        self.inner.originate(request)
