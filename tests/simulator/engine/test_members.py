"""Member administration on the engine: adding, removing, penalties, pauses and the queue's _avail state."""

from __future__ import annotations

import itertools

import pytest

from callcenter.simulator.engine import EngineError
from tests.simulator.engine_harness import harness, members

AGENT = "Local/1001@agents/n"


def test_a_dynamic_member_is_added_logged_by_interface_and_rung() -> None:
    h = harness("[q](t)\n")
    h.engine.add_member(
        "q", "PJSIP/2001", name="Agent 2001", penalty=2, paused=False, reason="", state_interface=""
    )
    (added,) = h.named("QueueMemberAdded")
    assert (added["Membership"], added["Penalty"], added["StateInterface"]) == ("dynamic", "2", "PJSIP/2001")
    assert h.lines[-1].split("|")[1:] == ["MANAGER", "q", "PJSIP/2001", "ADDMEMBER", ""]
    h.call("q")
    assert h.called() == ["Agent 2001"]


@pytest.mark.parametrize(
    ("queue", "interface", "error"),
    [
        ("nosuch", "PJSIP/2001", "Unable to add interface to queue: No such queue"),
        ("q", AGENT, "Unable to add interface: Already there"),
    ],
)
def test_adding_a_member_is_refused_for_an_unknown_queue_or_a_member_already_there(
    queue: str, interface: str, error: str
) -> None:
    h = harness("[q](t)\n" + members("1001"))
    with pytest.raises(EngineError, match=error):
        h.engine.add_member(queue, interface, name="", penalty=0, paused=False, reason="", state_interface="")
    assert [member.interface for member in h.engine.queues["q"].members] == [AGENT]


def test_a_static_member_cannot_be_removed() -> None:
    h = harness("[q](t)\n" + members("1001"))
    with pytest.raises(EngineError, match="Not dynamic"):
        h.engine.remove_member("q", AGENT)
    assert h.named("QueueMemberRemoved") == []


def test_a_removed_dynamic_member_is_no_longer_rung() -> None:
    h = harness("[q](t)\n" + members("1001"))
    h.engine.add_member(
        "q", "PJSIP/2001", name="Agent 2001", penalty=0, paused=False, reason="", state_interface=""
    )
    h.engine.remove_member("q", "PJSIP/2001")
    assert h.lines[-1].split("|")[3:5] == ["PJSIP/2001", "REMOVEMEMBER"]
    for _ in range(3):
        h.call("q", talk=5)
        h.advance(10)
    assert set(h.called()) == {"Agent 1001"}


def test_a_penalty_change_moves_the_member_behind_the_others() -> None:
    h = harness("[q](t)\nstrategy = linear\n" + members("1001", "1002"))
    h.engine.set_penalty(AGENT, 5, None)
    assert h.named("QueueMemberPenalty")[0]["Penalty"] == "5"
    assert h.lines[-1].split("|")[2:] == ["q", AGENT, "PENALTY", "5"]
    h.call("q")
    assert h.called() == ["Agent 1002"]


def test_a_penalty_for_an_unknown_interface_is_refused() -> None:
    h = harness("[q](t)\n" + members("1001"))
    with pytest.raises(EngineError, match="Invalid interface, queuename or penalty"):
        h.engine.set_penalty("PJSIP/9999", 1, None)


def test_a_pause_reports_its_reason_and_clears_it_on_unpause() -> None:
    h = harness("[q](t)\n" + members("1001"))
    h.engine.pause(AGENT, "q", True, "lunch")
    h.engine.pause(AGENT, "q", False, "")
    paused, unpaused = h.named("QueueMemberPause")
    assert (paused["Paused"], paused["PausedReason"]) == ("1", "lunch")
    assert (unpaused["Paused"], unpaused["PausedReason"]) == ("0", "")
    assert h.engine.queues["q"].members[0].paused_reason == ""


def test_a_pause_of_an_unknown_interface_is_refused() -> None:
    h = harness("[q](t)\n" + members("1001"))
    with pytest.raises(EngineError, match="Interface not found"):
        h.engine.pause("PJSIP/9999", None, True, "")
    assert h.lines == []


def test_the_queues_avail_state_changes_only_when_availability_changes() -> None:
    h = harness("[q](t)\n" + members("1001", "1002"))
    h.engine.pause(AGENT, "q", True, "")
    h.engine.pause("Local/1002@agents/n", "q", True, "")
    h.engine.pause("Local/1002@agents/n", "q", False, "")
    h.engine.pause(AGENT, "q", False, "")
    avail = [event["State"] for event in h.named("DeviceStateChange") if event["Device"] == "Queue:q_avail"]
    assert avail == ["NOT_INUSE"]
    h.call("q", talk=60)
    h.call("q", talk=60)
    avail = [event["State"] for event in h.named("DeviceStateChange") if event["Device"] == "Queue:q_avail"]
    assert avail[-1] == "INUSE"
    assert all(before != after for before, after in itertools.pairwise(avail))


def test_device_status_follows_the_members_phone() -> None:
    h = harness("[q](t)\nmember => PJSIP/1001,0,Agent 1001\n")
    member = h.engine.queues["q"].members[0]
    assert h.engine.device_status(member) == 1
    h.engine.answer_delay = lambda member: 5.0
    h.call("q", talk=30)
    assert h.engine.device_status(member) == 6
    h.advance(5)
    assert h.engine.device_status(member) == 2
    h.engine.set_device_available("PJSIP/1001", False)
    assert h.engine.device_status(member) == 5
