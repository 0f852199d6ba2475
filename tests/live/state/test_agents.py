"""An agent's state from its call, ringing, device status, pauses and wrap-up; and per queue."""

from __future__ import annotations

from callcenter.live.state.agents import agent_state, member_state
from callcenter.live.state.model import Agent, Membership

T0 = 1795355838.0


def agent(device_status: int = 1, **queues: Membership) -> Agent:
    return Agent("PJSIP/1001", "Agent 1001", queues=dict(queues), device_status=device_status)


def test_a_busy_device_outside_the_queue_is_in_call() -> None:
    assert agent_state(agent(device_status=2, support=Membership()), T0) == "in call"


def test_a_ringing_device_outside_the_queue_is_ringing() -> None:
    assert agent_state(agent(device_status=6, support=Membership()), T0) == "ringing"


def test_wrap_up_lasts_until_its_end() -> None:
    member = agent(support=Membership())
    member.wrapup_until = T0 + 10

    assert agent_state(member, T0 + 9) == "wrap-up"
    assert agent_state(member, T0 + 10) == "idle"


def test_a_queue_call_wins_over_an_unavailable_device() -> None:
    member = agent(device_status=5, support=Membership())
    member.current_call = "c1"

    assert agent_state(member, T0) == "in call"


def test_paused_in_every_queue_is_paused_even_with_a_busy_device() -> None:
    member = agent(device_status=2, support=Membership(paused=True), sales=Membership(paused=True))

    assert agent_state(member, T0) == "paused"


def test_a_paused_member_that_rings_shows_ringing_on_its_queue() -> None:
    paused = Membership(paused=True)
    member = agent(support=paused)
    member.ringing.add("c1")
    member.state = agent_state(member, T0)

    assert member_state(member, paused) == "ringing"


def test_a_member_paused_here_only_is_paused_on_this_queue() -> None:
    paused, active = Membership(paused=True), Membership()
    member = agent(support=paused, sales=active)
    member.state = agent_state(member, T0)

    assert (member.state, member_state(member, paused), member_state(member, active)) == (
        "idle",
        "paused",
        "idle",
    )
