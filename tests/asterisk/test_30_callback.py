"""A waiting caller presses * and leaves a number: the turn is kept, and an agent's answer calls them back."""

from __future__ import annotations

from tests.asterisk.conftest import (
    MAIN_DID,
    Center,
    agent_phone,
    assert_live_equals_asterisk,
    log_mark,
    pause,
    wait_idle,
    wait_log,
    waiting_for,
)
from tests.asterisk.node import wait_until

SUPPORT = ["1001", "1002", "1003", "1004", "1005", "1006"]


def test_a_callback_request_keeps_the_turn_and_the_agent_calls_the_customer_back(center: Center) -> None:
    carrier = center.phones["carrier"]  # the trunk's far end: where outbound calls go
    for extension in SUPPORT:
        pause(extension, "support")
    try:
        mark = log_mark(center)
        caller, since = center.call(MAIN_DID, "79161110005")
        caller.wait_media(since)
        caller.dtmf("1")
        enter = wait_log(center, "ENTERQUEUE", queue="support", after=mark)
        wait_until(lambda: waiting_for(center, enter.callid) >= 1, 10, "the caller to wait in support")
        assert_live_equals_asterisk(center)

        caller.dtmf("*")
        wait_log(center, "EXITWITHKEY", callid=enter.callid)
        wait_until(lambda: "Read" in _app_of(center, enter.callid), 10, "the callback prompt")
        caller.dtmf("79161112233#")
        request = wait_log(center, "CALLBACKREQUEST", callid=enter.callid)
        assert request.data[0] == "79161112233"
        hold = wait_log(center, "CALLBACKHOLD", queue="support", after=mark)
        assert hold.data[0] == enter.callid  # the held turn knows whose turn it is
        caller.wait_disconnected(since)
        held = wait_log(center, "ENTERQUEUE", callid=hold.callid)
        assert held.queue == "support"
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
    finally:
        for extension in SUPPORT:
            pause(extension, "support", paused=False)
    assert_live_equals_asterisk(center)


def _app_of(center: Center, uniqueid: str) -> str:
    for line in center.node.cli("core show channels concise").splitlines():
        fields = line.split("!")
        if len(fields) > 13 and fields[13] == uniqueid:
            return fields[5]
    return ""
