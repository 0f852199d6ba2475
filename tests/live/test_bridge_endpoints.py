"""The bridge reads PJSIP contacts at login, stores them and publishes their changes; the store keeps them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from callcenter.live.store import read_all, read_snapshot
from callcenter.pbx.models import Trunk
from tests.harness.ami import AMIServer
from tests.harness.frames import empty_list, response
from tests.live.endpoint_events import CARRIER_URI, contact_status
from tests.live.inprocess import FAST, bridge_running

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(60)]


def _event(**headers: str) -> bytes:
    return ("".join(f"{key}: {value}\r\n" for key, value in headers.items()) + "\r\n").encode()


def _trunk_endpoint(action_id: str | None) -> bytes:
    """``PJSIPShowEndpoint`` of the trunk as Asterisk 22 answers it (shortened to the details read here):
    the endpoint, then its AOR's static contact, qualified."""
    return (
        response(
            action_id,
            Message="Following are Events for each object associated with the the Endpoint",
            EventList="start",
        )
        + _event(
            Event="EndpointDetail", ActionID=action_id or "", ObjectType="endpoint", ObjectName="carrier"
        )
        + _event(
            Event="ContactStatusDetail",
            ActionID=action_id or "",
            AOR="carrier",
            URI=CARRIER_URI,
            Status="Reachable",
            RoundtripUsec="20500",
            EndpointName="carrier",
            ID="carrier@@e1a2",
        )
        + _event(
            Event="EndpointDetailComplete", ActionID=action_id or "", EventList="Complete", ListItems="2"
        )
    )


async def _until(
    layer: Any, channel: str, predicate: Callable[[dict[str, Any]], bool], limit: float = 10.0
) -> dict[str, Any]:
    async with asyncio.timeout(limit):
        while True:
            message: dict[str, Any] = await layer.receive(channel)
            if predicate(message):
                return message


async def test_the_login_reads_the_trunks_contact_and_a_failed_qualify_is_published(
    ami_server: AMIServer, node: Any
) -> None:
    await sync_to_async(Trunk.objects.create)(name="carrier", server=node, host="203.0.113.10")
    # No phone registered: Asterisk answers PJSIPShowContacts with an error, as it does.
    ami_server.handlers["PJSIPShowContacts"] = lambda conn, msg: response(
        msg.action_id, "Error", Message="No Contacts found"
    )
    ami_server.handlers["PJSIPShowEndpoint"] = lambda conn, msg: _trunk_endpoint(msg.action_id)
    ami_server.handlers["PJSIPShowRegistrationsOutbound"] = lambda conn, msg: empty_list(
        msg.action_id, "OutboundRegistrationDetailComplete"
    )
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("live.all", channel)
    async with bridge_running([node.name], **FAST):
        await _until(layer, channel, lambda m: m["type"] == "live.resync")
        stored = (await sync_to_async(read_snapshot)(node.name))["endpoints"]["carrier"]
        assert (stored["kind"], stored["status"], stored["roundtrip_ms"], stored["alarm"]) == (
            "trunk",
            "reachable",
            20.5,
            None,
        )
        ami_server.push(contact_status("carrier", "Unreachable", CARRIER_URI).encode())
        delta = await _until(layer, channel, lambda m: m["type"] == "live.delta" and "endpoints" in m)
        assert delta["endpoints"]["carrier"]["alarm"] == "trunk_unreachable"
        stored = (await sync_to_async(read_snapshot)(node.name))["endpoints"]["carrier"]
        assert (stored["status"], stored["alarm"]) == ("unreachable", "trunk_unreachable")
        merged = await sync_to_async(read_all)()
        assert merged["endpoints"][f"{node.name}/carrier"]["server"] == node.name


async def test_a_node_that_answers_the_pjsip_lists_with_an_error_still_resyncs(
    ami_server: AMIServer, node: Any
) -> None:
    # The idle test server knows no PJSIP action: "Invalid/unknown command", as a node without res_pjsip.
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("live.all", channel)
    async with bridge_running([node.name], **FAST):
        await _until(layer, channel, lambda m: m["type"] == "live.resync")
        snapshot = await sync_to_async(read_snapshot)(node.name)
        assert (snapshot["connected"], snapshot["endpoints"]) == (True, {})
