"""Trunk and phone state on a real Asterisk 22: registrations, contacts and qualify reach the live state
through the bridge's one event stream, and the board shows an alarm while a phone or the trunk is down.

The trunk's AOR is rendered with ``qualify_frequency = 60``; the tests ask for a qualify at once
(``pjsip qualify``) instead of waiting up to a minute for the next one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rest_framework.test import APIClient

from tests.asterisk.amiprobe import ask
from tests.asterisk.conftest import AGENTS, TRUNK, Center, admin, assert_live_equals_asterisk, live_snapshot
from tests.asterisk.node import wait_until
from tests.asterisk.phones import caller_phone

if TYPE_CHECKING:
    from callcenter.live.messages import EndpointView, SnapshotFrame

AGENT = "1010"  # a static member of sales and vip, idle between scenarios
# ContactList's Status -> the live state's contact status.
_STATUS = {
    "Reachable": "reachable",
    "Unreachable": "unreachable",
    "NonQualified": "unqualified",
    "Unknown": "unknown",
}


def _endpoint(center: Center, name: str) -> EndpointView | None:
    snapshot = live_snapshot(center)
    return None if snapshot is None else snapshot["endpoints"].get(name)


def _board(center: Center) -> SnapshotFrame:
    """The frame an admin's wallboard gets: read from the live store and filtered, as the consumer does."""
    from callcenter.wallboard import board, livestate

    return board.snapshot_frame(board.scope_for(admin()), livestate.read_all(), [])


def _asterisk_contacts(center: Center) -> set[tuple[str, str, str]]:
    """(endpoint, URI, status) of every contact, as Asterisk reports them: PJSIPShowContacts lists the
    registered ones, PJSIPShowEndpoint the trunk's static contact."""
    node = center.node
    contacts = ask(node.ami_port, node.ami_username, node.ami_secret, "PJSIPShowContacts").events
    trunk = ask(node.ami_port, node.ami_username, node.ami_secret, "PJSIPShowEndpoint", Endpoint=TRUNK).events
    found = set()
    for event in contacts + trunk:
        if event.get("Event") == "ContactList":
            found.add((event["Endpoint"], event["Uri"], _STATUS.get(event["Status"], "unknown")))
        elif event.get("Event") == "ContactStatusDetail":
            found.add((event["EndpointName"], event["URI"], _STATUS.get(event["Status"], "unknown")))
    return found


def _live_contacts(center: Center) -> set[tuple[str, str, str]]:
    snapshot: Mapping[str, Any] = live_snapshot(center) or {"endpoints": {}}
    return {
        (name, contact["uri"], contact["status"])
        for name, endpoint in snapshot["endpoints"].items()
        for contact in endpoint["contacts"]
    }


def _until_endpoint(center: Center, name: str, what: str, **expected: Any) -> EndpointView:
    last: list[EndpointView | None] = [None]

    def matches() -> EndpointView | None:
        endpoint = last[0] = _endpoint(center, name)
        if endpoint is not None and all(endpoint.get(key) == value for key, value in expected.items()):
            return endpoint
        return None

    try:
        return wait_until(matches, 15, what, interval=0.1)
    except AssertionError as exc:
        raise AssertionError(f"{exc}; the live state has {last[0]}") from None


def test_the_live_contacts_equal_asterisks(center: Center) -> None:
    wait_until(
        lambda: _live_contacts(center) == _asterisk_contacts(center),
        10,
        "the live contacts to equal Asterisk's",
    )
    for extension in AGENTS:
        phone = _endpoint(center, extension)
        assert phone is not None, extension
        assert (phone["kind"], phone["agent"], phone["alarm"]) == ("phone", f"PJSIP/{extension}", None)
        assert phone["status"] in ("reachable", "unqualified"), phone


def _qualify_trunk(center: Center) -> None:
    """Ask Asterisk to qualify the trunk now (the first qualify after a load comes at a random moment
    within qualify_frequency, then every 60 s)."""
    output = center.node.cli(f"pjsip qualify {TRUNK}")
    assert "No such command" not in output, output


def test_the_trunks_qualify_is_in_the_live_state(center: Center) -> None:
    _qualify_trunk(center)
    trunk = _until_endpoint(center, TRUNK, "the trunk to be qualified", status="reachable")
    assert (trunk["kind"], trunk["alarm"]) == ("trunk", None)
    assert [contact["uri"] for contact in trunk["contacts"]] == [f"sip:127.0.0.1:{center.node.carrier_port}"]
    assert trunk["roundtrip_ms"] is not None and trunk["roundtrip_ms"] > 0


def test_an_agent_phone_that_stops_is_an_alarm_on_the_board_until_it_registers_again(center: Center) -> None:
    _until_endpoint(center, AGENT, "the agent's phone to be up", alarm=None)
    center.phones[AGENT].stop()  # pjsua unregisters on its way out
    phone = _until_endpoint(center, AGENT, "the phone's alarm", alarm="phone_unregistered")
    assert (phone["status"], phone["contacts"], phone["agent"]) == ("unregistered", [], f"PJSIP/{AGENT}")
    assert not [contact for contact in _asterisk_contacts(center) if contact[0] == AGENT]
    shown = _board(center)["endpoints"][f"{center.server.name}/{AGENT}"]
    assert (shown["alarm"], shown["extension"]) == ("phone_unregistered", AGENT)
    client = APIClient()
    client.force_authenticate(admin())
    node = client.get(f"/api/live/{center.server.name}/").json()
    assert {e["name"]: e["alarm"] for e in node["endpoints"]}[AGENT] == "phone_unregistered"

    center.phones.register([AGENT], center.passwords, center.node.sip_port)
    phone = _until_endpoint(center, AGENT, "the alarm to clear", alarm=None, status="reachable")
    assert len(phone["contacts"]) == 1
    assert _board(center)["endpoints"][f"{center.server.name}/{AGENT}"]["alarm"] is None
    assert_live_equals_asterisk(center)


def test_a_trunk_that_stops_answering_is_an_alarm_until_it_answers_again(center: Center) -> None:
    _until_endpoint(center, TRUNK, "the trunk to be up", status="reachable")
    center.phones["carrier"].stop()
    _qualify_trunk(center)
    trunk = _until_endpoint(center, TRUNK, "the trunk's alarm", alarm="trunk_unreachable")
    assert (trunk["status"], trunk["roundtrip_ms"]) == ("unreachable", None)
    assert _board(center)["servers"][center.server.name]["trunks_down"] == [TRUNK]

    center.phones["carrier"] = caller_phone("carrier", center.node.carrier_port)
    _qualify_trunk(center)
    _until_endpoint(center, TRUNK, "the trunk to answer again", alarm=None, status="reachable")
    assert _board(center)["servers"][center.server.name]["trunks_down"] == []
