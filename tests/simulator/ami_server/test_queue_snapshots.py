"""QueueStatus and QueueSummary: filters, and how members and callers are counted."""

from __future__ import annotations

from callcenter.simulator.engine import OriginateRequest
from callcenter.simulator.runner import Simulator
from tests.simulator.amiclient import Frame, RawAMI, header


async def _list(ami: RawAMI, action: str, *headers: tuple[str, str]) -> list[Frame]:
    """The events of one list action, up to its ...Complete event."""
    action_id = ami.send(action, *headers)
    await ami.wait_for(lambda f: header(f, "ActionID") == action_id and header(f, "EventList") == "Complete")
    return [
        frame for frame in ami.frames if header(frame, "ActionID") == action_id and header(frame, "Event")
    ]


async def test_queue_status_for_one_queue_and_member_lists_only_them(ami: RawAMI) -> None:
    events = await _list(ami, "QueueStatus", ("Queue", "support"), ("Member", "Agent 1002"))
    assert [(header(f, "Event"), header(f, "Queue"), header(f, "Name")) for f in events] == [
        ("QueueParams", "support", ""),
        ("QueueMember", "support", "Agent 1002"),
        ("QueueStatusComplete", "", ""),
    ]
    assert header(events[-1], "ListItems") == "2"


async def test_queue_status_lists_waiting_callers_in_order(sim: Simulator, ami: RawAMI) -> None:
    for agent in ("1001", "1002"):
        sim.engine.pause(f"Local/{agent}@agents/n", "support", True, "")
    for number in ("5550001", "5550002"):
        sim.engine.originate(
            OriginateRequest(
                channel="Local/support@queue-entry", application="Wait", data="600", callerid=f"<{number}>"
            )
        )
    events = await _list(ami, "QueueStatus", ("Queue", "support"))
    entries = [frame for frame in events if header(frame, "Event") == "QueueEntry"]
    assert [(header(f, "Position"), header(f, "CallerIDNum")) for f in entries] == [
        ("1", "5550001"),
        ("2", "5550002"),
    ]


async def test_queue_summary_counts_paused_members_as_logged_in_but_not_available(
    sim: Simulator, ami: RawAMI
) -> None:
    sim.engine.pause("Local/1001@agents/n", "support", True, "")
    (summary, complete) = await _list(ami, "QueueSummary", ("Queue", "support"))
    assert (header(summary, "LoggedIn"), header(summary, "Available"), header(summary, "Callers")) == (
        "2",
        "1",
        "0",
    )
    assert header(complete, "Event") == "QueueSummaryComplete"
