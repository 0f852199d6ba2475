"""The board's trunks and phones panel: who sees which endpoint, and the trunk alarms of a node.

The live state here comes from ContactStatus events written with the fields Asterisk 22 emits (the
recordings have no SIP); tests/asterisk/test_65_endpoints.py checks them against a real node.
"""

from __future__ import annotations

from typing import Any

from callcenter.accounts.models import User
from callcenter.ami.protocol import Message
from callcenter.live.messages import StoredSnapshot
from callcenter.live.state import LiveState
from callcenter.wallboard import board
from callcenter.wallboard.endpoints import trunks_down

T0 = 1795355900.0


def contact(endpoint: str, status: str, uri: str) -> Message:
    return Message(
        [
            ("Event", "ContactStatus"),
            ("Privilege", "system,all"),
            ("URI", uri),
            ("ContactStatus", status),
            ("AOR", endpoint),
            ("EndpointName", endpoint),
            ("RoundtripUsec", "1500" if status == "Reachable" else "0"),
        ]
    )


def member(extension: str, queue: str) -> Message:
    return Message(
        [
            ("Event", "QueueMemberAdded"),
            ("Queue", queue),
            ("MemberName", f"Agent {extension}"),
            ("Interface", f"PJSIP/{extension}"),
            ("Membership", "dynamic"),
            ("Paused", "0"),
            ("Status", "1"),
        ]
    )


def node_snapshot() -> StoredSnapshot:
    """Ivan's phone (North) registered, Olga (South) logged in with her phone gone, the trunk down, and a
    phone of nobody configured."""
    state = LiveState("node1", trunks={"PJSIP/carrier1": "carrier1"})
    for message in (
        member("1001", "support"),
        member("1201", "sales"),
        contact("1001", "Reachable", "sip:1001@10.0.0.11:5060"),
        contact("1201", "Removed", "sip:1201@10.0.0.21:5060"),
        contact("carrier1", "Unreachable", "sip:203.0.113.10:5060"),
        contact("1999", "Reachable", "sip:1999@10.0.0.99:5060"),
    ):
        state.apply(message, T0)
    return {**state.snapshot(T0), "connected": True}


def test_a_supervisor_sees_the_trunks_and_the_phones_of_their_teams(center: dict[str, Any]) -> None:
    frame = board.snapshot_frame(board.scope_for(center["sam"]), {"node1": node_snapshot()}, [])
    assert set(frame["endpoints"]) == {"node1/carrier1", "node1/1001"}
    phone = frame["endpoints"]["node1/1001"]
    assert (phone["agent_id"], phone["agent_name"], phone["team_id"], phone["status"], phone["alarm"]) == (
        center["ivan"].pk,
        center["ivan"].display_name,
        center["north"].pk,
        "reachable",
        None,
    )


def test_the_other_supervisor_sees_their_agents_phone_alarm(center: dict[str, Any]) -> None:
    frame = board.snapshot_frame(board.scope_for(center["tina"]), {"node1": node_snapshot()}, [])
    assert set(frame["endpoints"]) == {"node1/carrier1", "node1/1201"}
    phone = frame["endpoints"]["node1/1201"]
    assert (phone["status"], phone["contacts"], phone["alarm"]) == ("unregistered", 0, "phone_unregistered")


def test_an_admin_sees_every_endpoint_including_phones_of_nobody_configured(
    center: dict[str, Any], admin_user: User
) -> None:
    frame = board.snapshot_frame(board.scope_for(admin_user), {"node1": node_snapshot()}, [])
    assert set(frame["endpoints"]) == {"node1/carrier1", "node1/1001", "node1/1201", "node1/1999"}
    assert frame["endpoints"]["node1/1999"]["agent_id"] is None


def test_a_trunk_in_alarm_is_in_the_nodes_trunks_down(center: dict[str, Any]) -> None:
    snapshot = node_snapshot()
    trunk = snapshot["endpoints"]["carrier1"]
    assert (trunk["kind"], trunk["status"], trunk["alarm"]) == ("trunk", "unreachable", "trunk_unreachable")
    assert trunks_down(snapshot) == ["carrier1"]
    frame = board.snapshot_frame(board.scope_for(center["sam"]), {"node1": snapshot}, [])
    assert frame["servers"]["node1"]["trunks_down"] == ["carrier1"]


def test_a_snapshot_of_an_older_bridge_has_no_endpoints_and_no_alarm(center: dict[str, Any]) -> None:
    snapshot = {key: value for key, value in node_snapshot().items() if key != "endpoints"}
    frame = board.snapshot_frame(board.scope_for(center["sam"]), {"node1": snapshot}, [])
    assert (frame["endpoints"], frame["servers"]["node1"]["trunks_down"]) == ({}, [])
