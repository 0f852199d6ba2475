"""Queue members in the reducer: removal, pause per queue, queue parameters against the configuration."""

from __future__ import annotations

from callcenter.ami.protocol import Message
from callcenter.live.state import LiveState
from tests.live.events import T0, ev, member_event

IFACE = "Local/1001@agents/n"


def member(queue: str, paused: str = "0", status: str = "1") -> Message:
    return member_event("QueueMemberStatus", queue, IFACE, status=status, paused=paused)


def test_removed_from_its_last_queue_the_agent_is_gone_and_the_delta_says_so() -> None:
    state = LiveState("pbx1")
    state.apply(member("support"), T0)
    state.take_delta(T0)

    state.apply(ev("QueueMemberRemoved", Queue="support", Interface=IFACE), T0 + 1)

    delta = state.take_delta(T0 + 1)
    assert IFACE not in state.agents
    assert delta["agents"] == {IFACE: None}
    assert "support" in delta["queues"]


def test_removed_from_one_of_two_queues_the_agent_stays_in_the_other() -> None:
    state = LiveState("pbx1")
    state.apply(member("support"), T0)
    state.apply(member("sales"), T0)

    state.apply(ev("QueueMemberRemoved", Queue="support", Interface=IFACE), T0 + 1)

    assert list(state.agents[IFACE].queues) == ["sales"]


def test_removal_of_an_unknown_member_changes_nothing() -> None:
    state = LiveState("pbx1")
    state.apply(member("support"), T0)
    state.take_delta(T0)

    state.apply(ev("QueueMemberRemoved", Queue="support", Interface="PJSIP/9999"), T0 + 1)

    assert LiveState.delta_is_empty(state.take_delta(T0 + 1))


def test_paused_in_one_of_two_queues_is_idle_but_paused_on_that_queues_tile() -> None:
    state = LiveState("pbx1")
    state.apply(member("support", paused="1"), T0)
    state.apply(member("sales"), T0)

    snapshot = state.snapshot(T0)

    assert state.agents[IFACE].state == "idle"  # sales can still reach the agent
    assert snapshot["queues"]["support"]["agents"]["paused"] == 1
    assert snapshot["queues"]["sales"]["agents"]["idle"] == 1
    assert snapshot["agents"][IFACE]["paused"] is True
    assert snapshot["agents"][IFACE]["pause_reason"] is None  # the agent is not "paused" as a whole


def test_an_unavailable_device_wins_over_a_pause() -> None:
    state = LiveState("pbx1")
    state.apply(member("support", paused="1", status="5"), T0)

    assert state.agents[IFACE].state == "unavailable"
    assert state.snapshot(T0)["queues"]["support"]["agents"]["unavailable"] == 1


def test_queue_params_service_level_yields_to_the_configured_one() -> None:
    state = LiveState("pbx1", queue_settings={"support": {"service_level": 30, "wrapuptime": 0}})
    state.apply(ev("QueueParams", Queue="support", Strategy="rrmemory", ServiceLevel="60"), T0)
    state.apply(ev("QueueParams", Queue="sales", Strategy="linear", ServiceLevel="45"), T0)

    assert (state.queues["support"].strategy, state.queues["support"].service_level_s) == ("rrmemory", 30)
    assert (state.queues["sales"].strategy, state.queues["sales"].service_level_s) == ("linear", 45)


def test_a_member_event_without_interface_or_queue_is_ignored() -> None:
    state = LiveState("pbx1")
    state.apply(ev("QueueMemberStatus", Queue="support", Paused="1"), T0)
    state.apply(ev("QueueMemberStatus", Interface=IFACE, Paused="1"), T0)

    assert state.agents == {}
    assert state.queues == {}
