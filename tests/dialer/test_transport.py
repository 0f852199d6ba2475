"""The AMI transport against a real local TCP AMI server."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from asgiref.sync import async_to_sync

from callcenter.dialer import loop
from callcenter.dialer.models import Campaign
from callcenter.dialer.transport import (
    AMIClientTransport,
    BridgeLinkTransport,
    OriginateRejected,
    OriginateRequest,
    TransportLost,
    TransportUnavailable,
)
from callcenter.live.store import get_store
from callcenter.pbx.models import AsteriskServer
from tests.factories import AsteriskServerFactory
from tests.harness.background import BackgroundAMI
from tests.harness.originate import Originator

REQUEST = OriginateRequest(
    action_id="dialer-17",
    channel="Local/74951234567@cc-dialer-out",
    context="cc-dialer-connected",
    caller_id='"Campaign" <8005550100>',
    timeout_ms=10000,
    account="dialer-17",
    variables={"CAMPAIGN": "spring", "LEAD_ID": "5"},
)


def test_headers_match_the_recorded_async_originate() -> None:
    headers = REQUEST.headers()
    assert headers == {
        "Channel": "Local/74951234567@cc-dialer-out",
        "Context": "cc-dialer-connected",
        "Exten": "s",
        "Priority": "1",
        "Timeout": "10000",
        "Async": "true",
        "CallerID": '"Campaign" <8005550100>',
        "Account": "dialer-17",
        "Variable": "CAMPAIGN=spring,LEAD_ID=5",
    }


@pytest.fixture
def node(db: None) -> AsteriskServer:
    return AsteriskServerFactory(name="pbx1")


def test_originate_is_sent_once_with_its_action_id(node: AsteriskServer) -> None:
    with BackgroundAMI(Originator()) as server:
        node.ami_port = server.port
        transport = AMIClientTransport(node)
        transport.originate(REQUEST)
    [originate] = server.named("Originate")
    assert originate["ActionID"] == "dialer-17"
    assert originate["Variable"] == "CAMPAIGN=spring,LEAD_ID=5"
    assert transport.connected


def test_the_originate_session_takes_no_events(node: AsteriskServer) -> None:
    # The bridge's is the node's only event stream; the dialer's own login is action-only.
    with BackgroundAMI(Originator()) as server:
        node.ami_port = server.port
        AMIClientTransport(node).originate(REQUEST)
    [login] = [m for m in server.history if m["Action"] == "Login"]
    assert login["Events"] == "off"


@pytest.fixture
def bridge_link(node: AsteriskServer) -> Iterator[None]:
    store = get_store()
    yield
    async_to_sync(store.delete)(node.name)


def test_the_campaign_dials_only_while_the_bridge_reads_the_node(
    node: AsteriskServer, campaign: Campaign, bridge_link: None
) -> None:
    transport = loop.transport_for(campaign)
    assert isinstance(transport, BridgeLinkTransport)
    assert not transport.connected  # no bridge has ever run for the node
    async_to_sync(get_store().set_connected)(node.name, True)
    assert transport.connected
    async_to_sync(get_store().set_connected)(node.name, False)
    assert not transport.connected


def test_a_connection_dropped_after_sending_is_lost_not_retried(node: AsteriskServer) -> None:
    with BackgroundAMI(Originator("drop")) as server:
        node.ami_port = server.port
        transport = AMIClientTransport(node, timeout=2.0)
        with pytest.raises(TransportLost):
            transport.originate(REQUEST)
    assert len(server.named("Originate")) == 1
    assert not transport.connected


def test_an_error_response_is_a_rejection(node: AsteriskServer) -> None:
    with BackgroundAMI(Originator("error")) as server:
        node.ami_port = server.port
        transport = AMIClientTransport(node)
        with pytest.raises(OriginateRejected, match="Originate failed"):
            transport.originate(REQUEST)
    assert transport.connected


def test_no_listener_means_unavailable_and_nothing_sent(node: AsteriskServer) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        node.ami_port = probe.getsockname()[1]
    transport = AMIClientTransport(node, timeout=2.0)
    with pytest.raises(TransportUnavailable):
        transport.originate(REQUEST)
    assert not transport.connected
