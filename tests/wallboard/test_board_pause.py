"""The board's agent item says in which queues a member is paused (pause is per queue in app_queue)."""

from __future__ import annotations

from callcenter.ami.protocol import Message
from callcenter.live.state import LiveState
from callcenter.wallboard.board import Scope, agent_view

IVAN = "Local/1001@agents/n"


def _member_event(event: str, queue: str, paused: str, reason: str = "") -> Message:
    return Message(
        [
            ("Event", event),
            ("Queue", queue),
            ("MemberName", "Agent 1001"),
            ("Interface", IVAN),
            ("Membership", "static"),
            ("Penalty", "0"),
            ("Status", "1"),
            ("Paused", paused),
            ("PausedReason", reason),
        ]
    )


def test_an_agent_paused_in_one_queue_is_shown_partially_paused() -> None:
    state = LiveState("pbx1")
    state.apply(_member_event("QueueMemberStatus", "support", "0"), 1.0)
    state.apply(_member_event("QueueMemberStatus", "sales", "0"), 1.0)
    state.apply(_member_event("QueueMemberPause", "sales", "1", "lunch"), 2.0)

    item = agent_view(Scope(everything=True), "pbx1", IVAN, state.snapshot(3.0)["agents"][IVAN])

    assert item is not None
    assert (item["state"], item["pause_reason"], item["paused"]) == ("idle", None, True)
    assert item["paused_queues"] == {"sales": "lunch"}
    assert item["queues"] == ["sales", "support"]
