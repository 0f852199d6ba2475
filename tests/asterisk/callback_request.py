"""A caller waiting in support presses * and leaves a number to be called back on: the steps and what
queue_log says of them, shared by the callback scenarios."""

from __future__ import annotations

from dataclasses import dataclass

from tests.asterisk.conftest import (
    Center,
    LogLine,
    assert_live_equals_asterisk,
    call_support,
    channel_of,
    log_mark,
    wait_log,
    waiting_for,
)
from tests.asterisk.node import wait_until


@dataclass(frozen=True)
class CallbackRequest:
    enter: LogLine  # the caller's ENTERQUEUE in support
    request: LogLine  # CALLBACKREQUEST, with the number as the caller typed it
    hold: LogLine  # CALLBACKHOLD: the caller's turn, kept in the queue
    held: LogLine  # the held turn's ENTERQUEUE


def request_callback(center: Center, caller_number: str, typed: str) -> CallbackRequest:
    """The caller waits in support (its members paused, see ``paused_in``), presses *, types ``typed`` at the callback
    prompt and is hung up on; the turn stays in support, held for the caller's call."""
    mark = log_mark(center)
    caller, since, enter = call_support(center, caller_number)
    wait_until(lambda: waiting_for(center, enter.callid) >= 1, 10, "the caller to wait in support")
    assert_live_equals_asterisk(center)

    caller.dtmf("*")
    wait_log(center, "EXITWITHKEY", callid=enter.callid)
    wait_until(lambda: "Read" in _application(center, enter.callid), 10, "the callback prompt")
    caller.dtmf(f"{typed}#")
    request = wait_log(center, "CALLBACKREQUEST", callid=enter.callid)
    assert request.data[0] == typed
    hold = wait_log(center, "CALLBACKHOLD", queue="support", after=mark)
    assert hold.data[0] == enter.callid  # the held turn knows whose turn it is
    caller.wait_disconnected(since)
    held = wait_log(center, "ENTERQUEUE", callid=hold.callid)
    assert held.queue == "support"
    return CallbackRequest(enter, request, hold, held)


def _application(center: Center, uniqueid: str) -> str:
    fields = channel_of(center, uniqueid)
    return fields[5] if fields else ""
