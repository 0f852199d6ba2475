"""PJSIP trunks and phones in the live state: events to state, the resync from the list actions, alarms.

The recordings have no SIP (their PBX was built without pjproject), so the events are written
(``tests.live.endpoint_events``) with the fields and values Asterisk 22 emits them with; the real-Asterisk
scenario tests/asterisk/test_65_endpoints.py checks them against a running node.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from callcenter.ami.protocol import Message
from callcenter.live.endpoints import EndpointLists
from callcenter.live.messages import Delta, EndpointView
from callcenter.live.state import LiveState
from tests.live.endpoint_events import (
    CARRIER_URI,
    PHONE_URI,
    contact_detail,
    contact_list,
    contact_status,
    peer_status,
    registration_detail,
    registry,
)
from tests.live.events import T0, ev, member_event

TRUNKS = {"PJSIP/carrier": "carrier"}


def member_added(interface: str = "PJSIP/1001", queue: str = "support") -> Message:
    return member_event("QueueMemberAdded", queue, interface)


def member_removed(interface: str = "PJSIP/1001", queue: str = "support") -> Message:
    return ev("QueueMemberRemoved", Queue=queue, MemberName="Agent 1001", Interface=interface)


def lists(
    contacts: Iterable[Message] = (), registrations: Iterable[Message] = (), during: Iterable[Message] = ()
) -> EndpointLists:
    return EndpointLists(list(contacts), list(registrations), list(during))


def endpoint(state: LiveState, name: str, now: float = T0) -> EndpointView:
    return state.snapshot(now)["endpoints"][name]


def changed(delta: Delta, name: str) -> EndpointView:
    """The endpoint ``name`` as ``delta`` carries it (changed, not removed)."""
    view = delta["endpoints"][name]
    assert view is not None
    return view


def test_a_registered_phone_is_reachable_with_the_round_trip_of_its_last_qualify() -> None:
    state = LiveState("pbx1")
    state.apply(contact_status("1001", "NonQualified"), T0)
    state.apply(contact_status("1001", "Reachable", rtt="1834"), T0 + 1)
    assert endpoint(state, "1001") == {
        "name": "1001",
        "kind": "phone",
        "agent": None,
        "status": "reachable",
        "since": T0 + 1,
        "roundtrip_ms": 1.834,
        "contacts": [{"uri": PHONE_URI, "status": "reachable", "roundtrip_ms": 1.834}],
        "registration": None,
        "alarm": None,
    }


def test_a_contact_registered_but_not_qualified_counts_as_up() -> None:
    state = LiveState("pbx1")
    state.apply(member_added(), T0)
    state.apply(contact_status("1001", "NonQualified"), T0)
    assert (endpoint(state, "1001")["status"], endpoint(state, "1001")["alarm"]) == ("unqualified", None)


def test_a_logged_in_agents_phone_that_unregisters_is_an_alarm() -> None:
    state = LiveState("pbx1")
    state.apply(member_added(), T0)
    state.apply(contact_status("1001", "Reachable", rtt="900"), T0)
    state.take_delta(T0)
    state.apply(contact_status("1001", "Removed"), T0 + 5)
    state.apply(peer_status("1001", "Unreachable"), T0 + 5)
    phone = changed(state.take_delta(T0 + 5), "1001")
    assert (phone["agent"], phone["status"], phone["since"], phone["contacts"], phone["alarm"]) == (
        "PJSIP/1001",
        "unregistered",
        T0 + 5,
        [],
        "phone_unregistered",
    )


def test_the_phone_alarm_clears_when_it_registers_again() -> None:
    state = LiveState("pbx1")
    state.apply(member_added(), T0)
    state.apply(contact_status("1001", "Removed"), T0)
    state.take_delta(T0)
    state.apply(contact_status("1001", "NonQualified", uri="sip:1001@127.0.0.1:5070;ob"), T0 + 9)
    state.apply(contact_status("1001", "Reachable", uri="sip:1001@127.0.0.1:5070;ob", rtt="700"), T0 + 9)
    phone = changed(state.take_delta(T0 + 9), "1001")
    assert (phone["status"], phone["alarm"], phone["roundtrip_ms"]) == ("reachable", None, 0.7)


def test_a_phone_that_stops_answering_its_qualify_is_an_alarm() -> None:
    state = LiveState("pbx1")
    state.apply(member_added(), T0)
    state.apply(contact_status("1001", "Reachable", rtt="900"), T0)
    state.apply(contact_status("1001", "Unreachable"), T0 + 60)
    phone = endpoint(state, "1001")
    assert (phone["status"], phone["roundtrip_ms"], phone["alarm"]) == (
        "unreachable",
        None,
        "phone_unreachable",
    )


def test_a_phone_of_nobody_logged_in_leaves_the_picture_when_it_unregisters() -> None:
    state = LiveState("pbx1")
    state.apply(contact_status("900", "Reachable", rtt="900"), T0)
    state.take_delta(T0)
    state.apply(contact_status("900", "Removed"), T0 + 1)
    state.apply(peer_status("900", "Unreachable"), T0 + 1)
    assert state.take_delta(T0 + 1)["endpoints"] == {"900": None}


def test_the_alarm_of_an_unregistered_phone_follows_the_agents_login() -> None:
    state = LiveState("pbx1")
    state.apply(contact_status("1001", "Removed"), T0)
    state.take_delta(T0)
    state.apply(member_added(), T0 + 1)
    assert changed(state.take_delta(T0 + 1), "1001")["alarm"] == "phone_unregistered"
    state.apply(member_removed(), T0 + 2)
    assert state.take_delta(T0 + 2)["endpoints"] == {"1001": None}


def test_a_logged_in_agent_whose_phone_never_registered_is_an_alarm() -> None:
    state = LiveState("pbx1")
    state.apply(member_added(), T0)
    phone = endpoint(state, "1001")
    assert (phone["status"], phone["since"], phone["alarm"]) == ("unregistered", None, "phone_unregistered")


def test_a_member_that_is_not_a_pjsip_phone_has_no_endpoint() -> None:
    state = LiveState("pbx1")
    state.apply(member_added("Local/1001@agents/n"), T0)
    assert state.snapshot(T0)["endpoints"] == {}


def test_a_configured_trunk_without_any_event_is_shown_as_unknown() -> None:
    state = LiveState("pbx1", trunks=TRUNKS)
    trunk = endpoint(state, "carrier")
    assert (trunk["kind"], trunk["status"], trunk["contacts"], trunk["alarm"]) == (
        "trunk",
        "unknown",
        [],
        None,
    )


def test_a_trunk_whose_qualify_fails_is_an_alarm_until_it_answers_again() -> None:
    state = LiveState("pbx1", trunks=TRUNKS)
    state.apply(contact_status("carrier", "Reachable", uri=CARRIER_URI, rtt="20500"), T0)
    state.take_delta(T0)
    state.apply(contact_status("carrier", "Unreachable", uri=CARRIER_URI), T0 + 60)
    state.apply(peer_status("carrier", "Unreachable"), T0 + 60)
    down = changed(state.take_delta(T0 + 60), "carrier")
    assert (down["status"], down["since"], down["alarm"]) == ("unreachable", T0 + 60, "trunk_unreachable")
    state.apply(contact_status("carrier", "Reachable", uri=CARRIER_URI, rtt="19000"), T0 + 120)
    up = changed(state.take_delta(T0 + 120), "carrier")
    assert (up["status"], up["roundtrip_ms"], up["alarm"]) == ("reachable", 19.0, None)


def test_a_rejected_registration_is_the_trunks_alarm_until_it_registers() -> None:
    state = LiveState("pbx1", trunks=TRUNKS)
    state.apply(contact_status("carrier", "Reachable", uri=CARRIER_URI, rtt="20500"), T0)
    state.endpoints.resync(
        lists(
            contacts=[contact_detail("carrier", CARRIER_URI, "Reachable", "20500")],
            registrations=[registration_detail("carrier-reg", "Registered")],
        ),
        T0,
    )
    state.take_delta(T0)
    state.apply(registry("Rejected"), T0 + 30)
    trunk = changed(state.take_delta(T0 + 30), "carrier")
    assert trunk["registration"] == {
        "name": "carrier-reg",
        "client_uri": "sip:74950000001@203.0.113.10:5060",
        "server_uri": "sip:203.0.113.10:5060",
        "status": "rejected",
        "since": T0 + 30,
    }
    assert trunk["alarm"] == "registration_failed"
    state.apply(registry("Registered"), T0 + 90)
    assert changed(state.take_delta(T0 + 90), "carrier")["alarm"] is None


def test_resync_replaces_the_contacts_with_the_list() -> None:
    state = LiveState("pbx1", trunks=TRUNKS)
    state.apply(member_added(), T0)
    state.apply(contact_status("1001", "Reachable", rtt="900"), T0)
    corrected = state.endpoints.resync(
        lists(
            contacts=[
                contact_list("1002", "sip:1002@127.0.0.1:5064;ob", "Reachable", "1200"),
                contact_detail("carrier", CARRIER_URI, "Unreachable"),
            ]
        ),
        T0 + 10,
    )
    endpoints = state.snapshot(T0 + 10)["endpoints"]
    assert corrected == 3  # 1001 gone, 1002 and carrier new
    assert (endpoints["1001"]["status"], endpoints["1001"]["alarm"]) == ("unregistered", "phone_unregistered")
    assert (endpoints["1002"]["status"], endpoints["1002"]["roundtrip_ms"]) == ("reachable", 1.2)
    assert (endpoints["carrier"]["status"], endpoints["carrier"]["alarm"]) == (
        "unreachable",
        "trunk_unreachable",
    )


def test_a_resync_that_finds_nothing_new_corrects_nothing() -> None:
    state = LiveState("pbx1")
    state.apply(contact_status("1001", "Reachable", rtt="900"), T0)
    assert (
        state.endpoints.resync(lists(contacts=[contact_list("1001", PHONE_URI, "Reachable", "950")]), T0) == 0
    )


def test_resync_keeps_a_contact_event_that_came_while_the_list_was_read() -> None:
    state = LiveState("pbx1")
    state.apply(member_added(), T0)
    removed = contact_status("1001", "Removed")
    state.apply(removed, T0 + 1)  # the bridge applies events as they come, and keeps them in the window
    state.endpoints.resync(
        lists(contacts=[contact_list("1001", PHONE_URI, "Reachable", "900")], during=[removed]), T0 + 2
    )
    assert endpoint(state, "1001")["alarm"] == "phone_unregistered"


def test_a_node_without_pjsip_reports_no_phone_missing() -> None:
    state = LiveState("pbx1")
    state.apply(member_added(), T0)
    state.endpoints.resync(EndpointLists(None, None, []), T0)
    assert state.snapshot(T0)["endpoints"] == {}


def test_the_registration_of_an_unknown_trunk_waits_for_the_resync_to_name_it() -> None:
    state = LiveState("pbx1")
    state.apply(registry("Registered"), T0)
    assert state.snapshot(T0)["endpoints"] == {}
    state.endpoints.resync(lists(registrations=[registration_detail("carrier-reg", "Registered")]), T0 + 1)
    trunk = endpoint(state, "carrier")
    registration = trunk["registration"]
    assert registration is not None
    assert (trunk["kind"], registration["status"], trunk["alarm"]) == ("trunk", "registered", None)


def test_older_created_and_updated_statuses_are_understood() -> None:
    state = LiveState("pbx1")
    state.apply(contact_status("1001", "Created"), T0)
    state.apply(contact_status("1001", "Reachable", rtt="900"), T0)
    state.apply(contact_status("1001", "Updated"), T0 + 1)
    assert endpoint(state, "1001")["status"] == "reachable"


def test_peer_status_of_another_channel_technology_is_ignored() -> None:
    state = LiveState("pbx1")
    state.apply(ev("PeerStatus", ChannelType="IAX2", Peer="IAX2/branch", PeerStatus="Unreachable"), T0)
    assert state.snapshot(T0)["endpoints"] == {}


def test_deltas_carry_endpoints_only_when_one_changed() -> None:
    state = LiveState("pbx1")
    state.apply(contact_status("1001", "Reachable", rtt="900"), T0)
    assert list(state.take_delta(T0)["endpoints"]) == ["1001"]
    state.apply(contact_status("1001", "Reachable", rtt="900"), T0 + 60)  # the same qualify result
    assert LiveState.delta_is_empty(state.take_delta(T0 + 60))


def test_a_snapshot_is_the_baseline_of_the_next_deltas() -> None:
    state = LiveState("pbx1")
    state.apply(member_added(), T0)
    snapshot = state.snapshot(T0)
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert snapshot["endpoints"]["1001"]["alarm"] == "phone_unregistered"
    state.apply(member_removed(), T0 + 1)
    # The phone of nobody logged in, never seen registered: it leaves the picture.
    assert state.take_delta(T0 + 1)["endpoints"] == {"1001": None}
