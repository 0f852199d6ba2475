"""The bridge restarts while a call is in progress: the board comes back equal to Asterisk, and counts the
call once."""

from __future__ import annotations

from tests.asterisk.conftest import (
    Center,
    agent_phone,
    assert_live_equals_asterisk,
    call_support,
    live_snapshot,
    start_bridge,
    stop_bridge,
    talk,
    wait_idle,
    wait_log,
)


def _answered(center: Center, queue: str) -> tuple[int, int]:
    snapshot = live_snapshot(center)
    assert snapshot is not None
    agents = {name: agent["answered_today"] for name, agent in snapshot["agents"].items()}
    return snapshot["queues"][queue]["today"]["answered"], sum(agents.values())


def test_a_bridge_restart_during_a_call_counts_it_once(center: Center) -> None:
    caller, since, enter = call_support(center, "79161110009")
    connect = wait_log(center, "CONNECT", callid=enter.callid)
    assert_live_equals_asterisk(center)
    before = _answered(center, "support")

    stop_bridge(center)
    talk(center, enter.callid, 2)  # the call goes on while nobody watches
    start_bridge(center)
    assert_live_equals_asterisk(center)
    assert _answered(center, "support") == before
    call = live_snapshot(center)["calls"][enter.callid]  # type: ignore[index]
    assert (call["outcome"], call["agent"]) == ("answered", connect.agent)

    agent_phone(center, connect.agent).hangup()
    wait_log(center, "COMPLETEAGENT", callid=enter.callid)
    caller.hangup()  # no survey this time
    caller.wait_disconnected(since)
    wait_idle(center)
    assert_live_equals_asterisk(center)
    assert _answered(center, "support") == before
    center.driven.answer("support", connect.agent)


def test_a_bridge_killed_without_warning_comes_back_equal_to_asterisk(center: Center) -> None:
    before = _answered(center, "support")
    stop_bridge(center, kill=True)
    start_bridge(center)
    assert_live_equals_asterisk(center)
    assert _answered(center, "support") == before
