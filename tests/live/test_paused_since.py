"""When each pause began: the live state keeps it per queue member, from Asterisk's LastPause."""

from __future__ import annotations

from callcenter.ami.protocol import Message
from callcenter.live.messages import AgentView
from callcenter.live.state import LiveState

NOW = 1_800_000_000.0


def _member(
    event: str, queue: str, *, paused: bool, reason: str = "", last_pause: str | None = None
) -> Message:
    headers = [
        ("Event", event),
        ("Queue", queue),
        ("MemberName", "Agent 1003"),
        ("Interface", "PJSIP/1003"),
        ("StateInterface", "PJSIP/1003"),
        ("Membership", "dynamic"),
        ("Penalty", "0"),
        ("Status", "1"),
        ("Paused", "1" if paused else "0"),
        ("PausedReason", reason),
    ]
    if last_pause is not None:
        headers.append(("LastPause", last_pause))
    return Message(headers)


def _agent(state: LiveState) -> AgentView:
    return state.snapshot(NOW)["agents"]["PJSIP/1003"]


def test_a_pause_starts_at_asterisks_last_pause() -> None:
    state = LiveState("node1")
    state.apply(_member("QueueMemberAdded", "sales", paused=False, last_pause="0"), NOW - 100)
    state.apply(
        _member("QueueMemberPause", "sales", paused=True, reason="lunch", last_pause=str(int(NOW - 30))), NOW
    )
    agent = _agent(state)
    assert agent["queues"]["sales"]["paused_since"] == NOW - 30
    assert agent["paused_since"] == NOW - 30


def test_without_last_pause_the_pause_starts_when_it_is_seen_and_keeps_that_start() -> None:
    state = LiveState("node1")
    state.apply(_member("QueueMemberPause", "sales", paused=True, reason="lunch"), NOW)
    # A later status of the same pause (the phone rang) does not move its start.
    state.apply(_member("QueueMemberStatus", "sales", paused=True, reason="lunch"), NOW + 40)
    assert _agent(state)["queues"]["sales"]["paused_since"] == NOW


def test_the_pause_start_ends_with_the_pause() -> None:
    state = LiveState("node1")
    state.apply(
        _member("QueueMemberPause", "sales", paused=True, reason="lunch", last_pause=str(int(NOW))), NOW
    )
    state.apply(_member("QueueMemberPause", "sales", paused=False, last_pause=str(int(NOW))), NOW + 60)
    agent = _agent(state)
    assert (agent["queues"]["sales"]["paused_since"], agent["paused_since"]) == (None, None)


def test_paused_in_two_queues_the_member_is_paused_since_the_older_pause() -> None:
    state = LiveState("node1")
    state.apply(
        _member("QueueMemberPause", "sales", paused=True, reason="break", last_pause=str(int(NOW - 90))), NOW
    )
    state.apply(
        _member("QueueMemberPause", "support", paused=True, reason="break", last_pause=str(int(NOW - 10))),
        NOW,
    )
    assert _agent(state)["paused_since"] == NOW - 90


def test_a_resync_takes_the_pause_start_from_queue_status() -> None:
    state = LiveState("node1")
    member = Message(
        [
            ("Event", "QueueMember"),
            ("Queue", "sales"),
            ("Name", "Agent 1003"),
            ("Location", "PJSIP/1003"),
            ("StateInterface", "PJSIP/1003"),
            ("Membership", "dynamic"),
            ("Penalty", "0"),
            ("LastPause", str(int(NOW - 600))),
            ("Status", "1"),
            ("Paused", "1"),
            ("PausedReason", "lunch"),
        ]
    )
    params = Message([("Event", "QueueParams"), ("Queue", "sales"), ("Strategy", "ringall")])
    state.resync([params, member], [], NOW)
    assert _agent(state)["queues"]["sales"]["paused_since"] == NOW - 600
