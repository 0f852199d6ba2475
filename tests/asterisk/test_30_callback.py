"""A waiting caller presses * and leaves a number: the turn is kept, and an agent's answer calls them back."""

from __future__ import annotations

from tests.asterisk.callback_request import request_callback
from tests.asterisk.conftest import (
    SUPPORT,
    Center,
    agent_phone,
    assert_live_equals_asterisk,
    pause,
    paused_in,
    wait_idle,
    wait_log,
)


def test_a_callback_request_keeps_the_turn_and_the_agent_calls_the_customer_back(center: Center) -> None:
    carrier = center.phones["carrier"]  # the trunk's far end: where outbound calls go
    with paused_in(center, "support", SUPPORT):
        hold = request_callback(center, "79161110005", "79161112233").hold
        assert_live_equals_asterisk(center)

        rings = carrier.mark()
        pause("1001", "support", paused=False)
        connect = wait_log(center, "CONNECT", callid=hold.callid)
        assert connect.agent == "Agent 1001"
        carrier.wait_confirmed(rings)
        assert_live_equals_asterisk(center)
        agent_phone(center, connect.agent).hangup()
        wait_log(center, "COMPLETEAGENT", callid=hold.callid)
        carrier.wait_disconnected(rings)
        wait_idle(center)
        center.driven.callback("support", "79161112233", "79161110005")
